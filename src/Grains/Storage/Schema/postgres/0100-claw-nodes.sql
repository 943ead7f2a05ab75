-- Peer nodes: one row per node grain, the JSON document plus the columns GET /nodes filters and pages on.
-- Times are Unix milliseconds so that SQLite and PostgreSQL compare and page them alike.
CREATE TABLE IF NOT EXISTS claw_nodes (
    id           TEXT   NOT NULL PRIMARY KEY,
    version      BIGINT NOT NULL,
    doc          JSONB  NOT NULL,
    name         TEXT   NOT NULL,
    status       TEXT   NOT NULL,
    swarm_id     TEXT   NULL,
    capabilities JSONB  NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_claw_nodes_page ON claw_nodes (created_at, id);
CREATE INDEX IF NOT EXISTS ix_claw_nodes_status ON claw_nodes (status, created_at, id);
CREATE INDEX IF NOT EXISTS ix_claw_nodes_swarm ON claw_nodes (swarm_id, created_at, id) WHERE swarm_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_claw_nodes_capabilities ON claw_nodes USING gin (capabilities);
