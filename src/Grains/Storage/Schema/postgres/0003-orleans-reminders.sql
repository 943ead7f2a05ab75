-- Reminders of Orleans' ADO.NET reminder service. GrainHash is the grain's uniform hash as a signed 32-bit number,
-- exactly as the provider binds it, so the range queries compare like the provider's ring.
CREATE TABLE IF NOT EXISTS OrleansRemindersTable (
    ServiceId    TEXT        NOT NULL,
    GrainId      TEXT        NOT NULL,
    ReminderName TEXT        NOT NULL,
    StartTime    TIMESTAMPTZ NOT NULL,
    Period       BIGINT      NOT NULL,
    GrainHash    INTEGER     NOT NULL,
    Version      INTEGER     NOT NULL,
    PRIMARY KEY (ServiceId, GrainId, ReminderName)
);
CREATE INDEX IF NOT EXISTS IX_OrleansRemindersTable_Hash ON OrleansRemindersTable (ServiceId, GrainHash);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadReminderRowsKey', '
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId AND GrainId = @GrainId;
') ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadReminderRowKey', '
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName;
') ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- A silo's slice of the ring, (BeginHash, EndHash]; the provider picks this one when the slice does not wrap.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadRangeRows1Key', '
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId AND GrainHash > @BeginHash AND GrainHash <= @EndHash;
') ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- The wrapping slice: everything above BeginHash plus everything up to EndHash.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadRangeRows2Key', '
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId AND (GrainHash > @BeginHash OR GrainHash <= @EndHash);
') ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Insert or replace a reminder; answers its new version (the provider's ETag).
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpsertReminderRowKey', '
INSERT INTO OrleansRemindersTable AS r (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
SET StartTime = excluded.StartTime, Period = excluded.Period, GrainHash = excluded.GrainHash, Version = r.Version + 1
RETURNING Version;
') ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Delete only the version the caller holds; always answers one boolean row.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteReminderRowKey', '
WITH deleted AS (
    DELETE FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName AND Version = @Version
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM deleted);
') ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteReminderRowsKey', '
DELETE FROM OrleansRemindersTable WHERE ServiceId = @ServiceId;
') ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
