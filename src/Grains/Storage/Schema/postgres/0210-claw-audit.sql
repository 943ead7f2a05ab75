-- The audit log (GET /audit): authentication and authorization outcomes, key and token events. Append-only; the id
-- orders records by arrival and pages them (newest first). Texts are stored redacted.
CREATE TABLE IF NOT EXISTS claw_audit (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at             BIGINT NOT NULL,
    type           TEXT   NOT NULL,
    principal      TEXT   NOT NULL,
    node_id        TEXT   NULL,
    action         TEXT   NOT NULL,
    resource       TEXT   NOT NULL,
    result         TEXT   NOT NULL,
    reason         TEXT   NULL,
    correlation_id TEXT   NULL
);
CREATE INDEX IF NOT EXISTS ix_claw_audit_at ON claw_audit (at);
CREATE INDEX IF NOT EXISTS ix_claw_audit_type ON claw_audit (type, id);
CREATE INDEX IF NOT EXISTS ix_claw_audit_principal ON claw_audit (principal, id);
CREATE INDEX IF NOT EXISTS ix_claw_audit_node ON claw_audit (node_id, id) WHERE node_id IS NOT NULL;
