-- Grain state written by Orleans' ADO.NET grain storage (provider "orleans"): grains whose state has no table of ours.
-- A grain is identified by service, type and the full id (N0, N1 and the string extension); the two hashes only
-- narrow the index. The provider parses hexadecimal-looking string keys as integers before this SQL sees them
-- ("c1" and "0c1" arrive alike), so grains on this storage use keys with a non-hex prefix.
CREATE TABLE IF NOT EXISTS OrleansStorage (
    GrainIdHash            INTEGER     NOT NULL,
    GrainIdN0              BIGINT      NOT NULL,
    GrainIdN1              BIGINT      NOT NULL,
    GrainTypeHash          INTEGER     NOT NULL,
    GrainTypeString        TEXT        NOT NULL,
    GrainIdExtensionString TEXT        NULL,
    ServiceId              TEXT        NOT NULL,
    PayloadBinary          BYTEA       NULL,
    ModifiedOn             TIMESTAMPTZ NOT NULL,
    Version                INTEGER     NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS UX_OrleansStorage_Grain
    ON OrleansStorage (ServiceId, GrainTypeHash, GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeString, COALESCE(GrainIdExtensionString, ''));

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadFromStorageKey', '
SELECT PayloadBinary, Version
FROM OrleansStorage
WHERE ServiceId = @ServiceId AND GrainTypeHash = @GrainTypeHash AND GrainIdHash = @GrainIdHash
  AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1 AND GrainTypeString = @GrainTypeString
  AND COALESCE(GrainIdExtensionString, '''') = COALESCE(CAST(@GrainIdExtensionString AS TEXT), '''');
') ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Write with an optimistic check in one statement: without a version only a first insert succeeds (the unique index
-- settles a race between two activations), with one only the update of that exact version does. The branch that
-- succeeds returns the new version; no row at all is the provider's conflict signal.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('WriteToStorageKey', '
WITH inserted AS (
    INSERT INTO OrleansStorage (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version)
    SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, CAST(@GrainIdExtensionString AS TEXT), @ServiceId, @PayloadBinary, now(), 1
    WHERE CAST(@GrainStateVersion AS INTEGER) IS NULL
    ON CONFLICT DO NOTHING
    RETURNING Version
), updated AS (
    UPDATE OrleansStorage
    SET PayloadBinary = @PayloadBinary, ModifiedOn = now(), Version = Version + 1
    WHERE CAST(@GrainStateVersion AS INTEGER) IS NOT NULL AND Version = CAST(@GrainStateVersion AS INTEGER)
      AND ServiceId = @ServiceId AND GrainTypeHash = @GrainTypeHash AND GrainIdHash = @GrainIdHash
      AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1 AND GrainTypeString = @GrainTypeString
      AND COALESCE(GrainIdExtensionString, '''') = COALESCE(CAST(@GrainIdExtensionString AS TEXT), '''')
    RETURNING Version
)
SELECT Version AS NewGrainStateVersion FROM inserted
UNION ALL
SELECT Version AS NewGrainStateVersion FROM updated;
') ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Clear keeps the row (and its version) but drops the payload; it answers the new version.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ClearStorageKey', '
UPDATE OrleansStorage
SET PayloadBinary = NULL, ModifiedOn = now(), Version = Version + 1
WHERE Version = CAST(@GrainStateVersion AS INTEGER)
  AND ServiceId = @ServiceId AND GrainTypeHash = @GrainTypeHash AND GrainIdHash = @GrainIdHash
  AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1 AND GrainTypeString = @GrainTypeString
  AND COALESCE(GrainIdExtensionString, '''') = COALESCE(CAST(@GrainIdExtensionString AS TEXT), '''')
RETURNING Version;
') ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Delete (DeleteStateOnClear): removes the row; answers version + 1 so the provider sees a change.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteStorageKey', '
DELETE FROM OrleansStorage
WHERE Version = CAST(@GrainStateVersion AS INTEGER)
  AND ServiceId = @ServiceId AND GrainTypeHash = @GrainTypeHash AND GrainIdHash = @GrainIdHash
  AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1 AND GrainTypeString = @GrainTypeString
  AND COALESCE(GrainIdExtensionString, '''') = COALESCE(CAST(@GrainIdExtensionString AS TEXT), '''')
RETURNING Version + 1;
') ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
