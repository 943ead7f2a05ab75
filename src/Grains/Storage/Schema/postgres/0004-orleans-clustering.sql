-- Cluster membership for Orleans' ADO.NET clustering. One version row per cluster (DeploymentId = ClusterId) is the
-- table's optimistic lock: every insert or update of a member must present the version it read, and bumps it.
CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable (
    DeploymentId VARCHAR(150) NOT NULL PRIMARY KEY,
    Timestamp    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    Version      INTEGER      NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS OrleansMembershipTable (
    DeploymentId VARCHAR(150)  NOT NULL REFERENCES OrleansMembershipVersionTable (DeploymentId),
    Address      VARCHAR(45)   NOT NULL,
    Port         INTEGER       NOT NULL,
    Generation   INTEGER       NOT NULL,
    SiloName     VARCHAR(150)  NOT NULL,
    HostName     VARCHAR(150)  NOT NULL,
    Status       INTEGER       NOT NULL,
    ProxyPort    INTEGER       NULL,
    SuspectTimes VARCHAR(8000) NULL,
    StartTime    TIMESTAMPTZ   NOT NULL,
    IAmAliveTime TIMESTAMPTZ   NOT NULL,
    PRIMARY KEY (DeploymentId, Address, Port, Generation)
);

-- Creates the cluster's version row once; answers whether this call created it.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('InsertMembershipVersionKey', '
WITH created AS (
    INSERT INTO OrleansMembershipVersionTable (DeploymentId) VALUES (@DeploymentId)
    ON CONFLICT DO NOTHING
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM created);
') ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Liveness beats touch only the member row: they must not bump the table version.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpdateIAmAlivetimeKey', '
UPDATE OrleansMembershipTable
SET IAmAliveTime = @IAmAliveTime
WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation;
') ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- A member joins only if the table is still at the version the silo read. The version row's lock serializes
-- concurrent joiners; the loser re-reads the table and tries again.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('InsertMembershipKey', '
WITH bumped AS (
    UPDATE OrleansMembershipVersionTable
    SET Version = Version + 1, Timestamp = now()
    WHERE DeploymentId = @DeploymentId AND Version = @Version
    RETURNING DeploymentId
), inserted AS (
    INSERT INTO OrleansMembershipTable (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
    SELECT bumped.DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime
    FROM bumped
    ON CONFLICT DO NOTHING
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM inserted);
') ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Status and suspicions change under the same version check as a join.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpdateMembershipKey', '
WITH bumped AS (
    UPDATE OrleansMembershipVersionTable
    SET Version = Version + 1, Timestamp = now()
    WHERE DeploymentId = @DeploymentId AND Version = @Version
    RETURNING DeploymentId
), updated AS (
    UPDATE OrleansMembershipTable AS m
    SET Status = @Status, SuspectTimes = CAST(@SuspectTimes AS VARCHAR(8000)), IAmAliveTime = @IAmAliveTime
    FROM bumped
    WHERE m.DeploymentId = bumped.DeploymentId AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM updated);
') ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Reads answer the table version on every row; with no members, one row of version only (StartTime NULL).
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('MembershipReadRowKey', '
SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
       m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
FROM OrleansMembershipVersionTable v
LEFT JOIN OrleansMembershipTable m
       ON m.DeploymentId = v.DeploymentId AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
WHERE v.DeploymentId = @DeploymentId;
') ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('MembershipReadAllKey', '
SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
       m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
FROM OrleansMembershipVersionTable v
LEFT JOIN OrleansMembershipTable m ON m.DeploymentId = v.DeploymentId
WHERE v.DeploymentId = @DeploymentId;
') ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Gateways clients may connect to: active silos with a gateway port.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('GatewaysQueryKey', '
SELECT Address, ProxyPort, Generation
FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId AND Status = @Status AND ProxyPort > 0;
') ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteMembershipTableEntriesKey', '
DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId;
') ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Drops members that stopped beating before the cutoff; an active silo (status 3) is never removed here.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('CleanupDefunctSiloEntriesKey', '
DELETE FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId AND IAmAliveTime < @IAmAliveTime AND Status <> 3;
') ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
