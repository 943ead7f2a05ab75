-- Schedules: one row per schedule grain, the JSON document plus the columns GET /schedules filters and pages on.
-- next_run_at is null while paused. Times are Unix milliseconds so that SQLite and PostgreSQL compare and page them alike.
CREATE TABLE IF NOT EXISTS claw_schedules (
    id          TEXT   NOT NULL PRIMARY KEY,
    version     BIGINT NOT NULL,
    doc         JSONB  NOT NULL,
    name        TEXT   NOT NULL,
    status      TEXT   NOT NULL,
    next_run_at BIGINT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_claw_schedules_page ON claw_schedules (created_at, id);
CREATE INDEX IF NOT EXISTS ix_claw_schedules_status ON claw_schedules (status, created_at, id);
