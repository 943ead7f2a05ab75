namespace Claw.Abstractions;

/// <summary>
/// Every log event id of the system, silo and gateway alike, in one table so none is used twice: a range per area,
/// numbered in the order the messages were added. Append; never renumber (dashboards and alerts filter on them).
/// </summary>
public static class EventIds
{
    // 1–99: hosting and storage
    public const int SiloReady = 1;
    public const int GatewayStarted = 2;
    public const int SchemaFileApplied = 10;
    public const int SchemaUpToDate = 11;
    public const int WriteBatchRetryingAlone = 20;
    public const int WriteBatchFailed = 21;
    public const int SqliteCheckpointFailed = 30;

    // 100–199: nodes
    public const int NodeRegistered = 100;
    public const int NodeBackOnline = 101;
    public const int NodeCrashed = 102;
    public const int NodeLeaseFailed = 103;
    public const int NodeSessionReplaced = 110;
    public const int NodePushFailed = 111;
    public const int NodeDeliveryFailed = 112;
    public const int NodeOfflineAssignmentDropped = 113;
    public const int NodeLeaseEndUnheard = 114;
    public const int NodeLeaseAuditFailed = 115;

    // 200–299: leases
    public const int LeaseExpired = 200;
    public const int LeaseRevoked = 201;

    // 300–399: tasks
    public const int TaskRetryScheduled = 300;
    public const int TaskFailedFinally = 301;
    public const int TaskApprovalTimedOut = 302;
    public const int TaskReserveFailed = 306;
    public const int TaskRetriedByHand = 307;
    public const int TaskStaleMemoryRead = 308;

    // 400–499: dispatch (queue partitions)
    public const int QueueRebuilt = 400;
    public const int QueueSweep = 401;
    public const int QueueReconcileFailed = 402;

    // 500–599: workflows
    public const int WorkflowCreated = 500;
    public const int WorkflowEnded = 501;
    public const int WorkflowStepsRecovered = 502;

    // 600–699: swarms
    public const int SwarmCreated = 600;
    public const int SwarmStatusChanged = 601;
    public const int SwarmRedrive = 602;
    public const int SwarmLeaseRefused = 603;

    // 700–799: schedules
    public const int ScheduleCreated = 700;
    public const int ScheduleStatusChanged = 701;
    public const int ScheduleFired = 702;
    public const int ScheduleSkipped = 703;
    public const int ScheduleFireFailed = 704;

    // 800–899: gateway (HTTP and WebSocket)
    public const int RequestFailed = 800;
    public const int SessionConnected = 810;
    public const int SessionDisconnected = 811;
    public const int SessionKeepAliveFailed = 812;
    public const int SessionClosedByServer = 813;
    public const int SessionFrameFailed = 814;
    public const int EventStreamFailed = 820;

    // 900–999: operations (events, callbacks, monitoring, dead letters)
    public const int CallbackDelivered = 900;
    public const int CallbackAttemptFailed = 901;
    public const int CallbackGaveUp = 902;
    public const int CallbackSenderFailed = 903;
    public const int EventsTrimmed = 910;
    public const int EventRetentionFailed = 911;
    public const int AlertThresholdsChanged = 920;
    public const int DeadLettersRetried = 930;
    public const int CallbackDestinationRefused = 940;

    // 1000–1099: trust (authentication, keys, audit, TLS)
    public const int AuditWriteFailed = 1000;
    public const int AuthenticationFailed = 1001;
    public const int AuthorizationDenied = 1002;
    public const int KeyCacheSubscribeFailed = 1003;
    public const int BootstrapKeyCreated = 1004;
    public const int BootstrapKeyMismatch = 1005;
    public const int RateLimited = 1006;
    public const int AuthModeChosen = 1007;

    // 1100–1199: node identity (Ed25519 proofs, nonces, key rotation) and capability tokens
    public const int NodeSignatureRefused = 1100;
    public const int NodeKeyRotated = 1101;
    public const int ClusterKeyCreated = 1110;
    public const int CapabilityTokenIssued = 1111;
    public const int CapabilityTokenRevoked = 1112;
    public const int CapabilityTokenCleaned = 1114;
    public const int CapabilityTokenRefused = 1115;

    // 1200–1299: flow control (queues as resources, TTL expiry, concurrency lanes, circuit breakers)
    public const int FlowLaneRedrive = 1200;
    public const int FlowQueueSettingsChanged = 1201;
    public const int FlowQueueShed = 1202;
    public const int FlowTaskExpired = 1203;
    public const int FlowBreakerOpened = 1204;
    public const int FlowBreakerHalfOpen = 1205;
    public const int FlowBreakerClosed = 1206;
    public const int FlowLaneLeaseRefused = 1207;

    // 1300–1399: OpenClaw gateways and connections, managed instances, the WireGuard pool
    public const int OpenClawDeviceCreated = 1300;
    public const int OpenClawSessionBound = 1310;
    public const int OpenClawConnectionConnected = 1320;
    public const int OpenClawConnectionConnectFailed = 1321;
    public const int OpenClawConnectionRefused = 1322;
    public const int OpenClawConnectionDisconnected = 1323;
    public const int OpenClawConnectionShutdown = 1324;
    public const int OpenClawConnectionNodeUnreachable = 1325;
    public const int OpenClawConnectionAborted = 1326;
    public const int OpenClawConnectionAbortFailed = 1327;
    public const int OpenClawTurnLost = 1330;
    public const int OpenClawTurnResultRefused = 1331;
    public const int OpenClawTurnTurnFailed = 1332;
    public const int OpenClawTurnForwarded = 1333;
    public const int OpenClawTurnResending = 1334;
    public const int OpenClawTurnProgressRefused = 1335;
    public const int OpenClawTurnSending = 1336;
    public const int OpenClawTurnTurnRefused = 1337;
    public const int OpenClawTurnStillInFlight = 1338;
    public const int OpenClawGatewayRegistered = 1340;
    public const int OpenClawGatewayDeleted = 1341;
    public const int OpenClawGatewayAdopted = 1342;
    public const int OpenClawGatewayNotAdopted = 1343;
    public const int WireGuardPoolAllocated = 1350;
    public const int WireGuardPoolReleased = 1351;
    public const int InstanceProcessStarted = 1360;
    public const int InstanceProcessReady = 1361;
    public const int InstanceProcessExited = 1362;
    public const int InstanceProcessStopped = 1363;
    public const int InstanceProcessTellFailed = 1364;
    public const int InstanceCreated = 1370;
    public const int InstanceRestarting = 1371;
    public const int InstanceGaveUp = 1372;
    public const int InstanceDestroyed = 1373;

    // 1400–1449: the .NET client package (Claw.Client.ClientEventIds in src/Client, which references no server
    // project and so keeps its own list there; nothing in the server may use this range).

    // 1500–1549: batch submits
    public const int BatchRaced = 1500;
    public const int BatchNotIndexed = 1501;
}
