-- Grain state written by Orleans' ADO.NET grain storage (provider "orleans"): grains whose state has no table of ours.
-- A grain is identified by service, type and the full id (N0, N1 and the string extension); the two hashes only
-- narrow the index. The provider parses hexadecimal-looking string keys as integers before this SQL sees them
-- ("c1" and "0c1" arrive alike), so grains on this storage use keys with a non-hex prefix.
CREATE TABLE IF NOT EXISTS OrleansStorage (
    GrainIdHash            INTEGER NOT NULL,
    GrainIdN0              BIGINT  NOT NULL,
    GrainIdN1              BIGINT  NOT NULL,
    GrainTypeHash          INTEGER NOT NULL,
    GrainTypeString        TEXT    NOT NULL,
    GrainIdExtensionString TEXT    NULL,
    ServiceId              TEXT    NOT NULL,
    PayloadBinary          BLOB    NULL,
    ModifiedOn             DATETIME NOT NULL,
    Version                INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS UX_OrleansStorage_Grain
    ON OrleansStorage (ServiceId, GrainTypeHash, GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeString, COALESCE(GrainIdExtensionString, ''));

-- Read: the payload and its version; no row means the grain was never written.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadFromStorageKey', '
SELECT PayloadBinary, Version
FROM OrleansStorage
WHERE ServiceId = @ServiceId AND GrainTypeHash = @GrainTypeHash AND GrainIdHash = @GrainIdHash
  AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1 AND GrainTypeString = @GrainTypeString
  AND COALESCE(GrainIdExtensionString, '''') = COALESCE(@GrainIdExtensionString, '''');
') ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Write with an optimistic check: without a version only a first insert succeeds, with one only the update of that
-- exact version does. The one that succeeds returns the new version; none returning a row is the conflict signal.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('WriteToStorageKey', '
INSERT INTO OrleansStorage (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version)
SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString, @ServiceId, @PayloadBinary, datetime(''now''), 1
WHERE @GrainStateVersion IS NULL
ON CONFLICT DO NOTHING
RETURNING Version AS NewGrainStateVersion;
UPDATE OrleansStorage
SET PayloadBinary = @PayloadBinary, ModifiedOn = datetime(''now''), Version = Version + 1
WHERE @GrainStateVersion IS NOT NULL AND Version = @GrainStateVersion
  AND ServiceId = @ServiceId AND GrainTypeHash = @GrainTypeHash AND GrainIdHash = @GrainIdHash
  AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1 AND GrainTypeString = @GrainTypeString
  AND COALESCE(GrainIdExtensionString, '''') = COALESCE(@GrainIdExtensionString, '''')
RETURNING Version AS NewGrainStateVersion;
') ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Clear keeps the row (and its version history) but drops the payload; it answers the new version.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ClearStorageKey', '
UPDATE OrleansStorage
SET PayloadBinary = NULL, ModifiedOn = datetime(''now''), Version = Version + 1
WHERE Version = @GrainStateVersion
  AND ServiceId = @ServiceId AND GrainTypeHash = @GrainTypeHash AND GrainIdHash = @GrainIdHash
  AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1 AND GrainTypeString = @GrainTypeString
  AND COALESCE(GrainIdExtensionString, '''') = COALESCE(@GrainIdExtensionString, '''')
RETURNING Version;
') ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Delete (DeleteStateOnClear): removes the row; answers version + 1 so the provider sees a change.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteStorageKey', '
DELETE FROM OrleansStorage
WHERE Version = @GrainStateVersion
  AND ServiceId = @ServiceId AND GrainTypeHash = @GrainTypeHash AND GrainIdHash = @GrainIdHash
  AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1 AND GrainTypeString = @GrainTypeString
  AND COALESCE(GrainIdExtensionString, '''') = COALESCE(@GrainIdExtensionString, '''')
RETURNING Version + 1;
') ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
