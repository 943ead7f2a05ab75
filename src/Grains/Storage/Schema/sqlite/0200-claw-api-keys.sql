-- API keys (claw_<id>_<secret>): the secret is never stored, only its SHA-256 (hex). Scopes are JSON arrays of text.
-- Times are Unix milliseconds, as in every claw_ table. A revoked key keeps its row (revoked_at), so the audit of who
-- held it stays readable and an id is never issued twice.
CREATE TABLE IF NOT EXISTS claw_api_keys (
    id          TEXT   NOT NULL PRIMARY KEY,
    name        TEXT   NOT NULL,
    role        TEXT   NOT NULL,
    swarm_ids   TEXT   NOT NULL,
    queues      TEXT   NOT NULL,
    node_id     TEXT   NULL,
    secret_hash TEXT   NOT NULL,
    created_by  TEXT   NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NULL,
    revoked_at  INTEGER NULL
);
CREATE INDEX IF NOT EXISTS ix_claw_api_keys_page ON claw_api_keys (created_at, id);
CREATE INDEX IF NOT EXISTS ix_claw_api_keys_node ON claw_api_keys (node_id) WHERE node_id IS NOT NULL;
