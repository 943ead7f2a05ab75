namespace Claw.Client;

/// <summary>
/// Event ids of the client's log lines: 1400–1449, the range the server's EventIds reserves for this package (which
/// references no server assembly, so it keeps its own list).
/// </summary>
internal static class ClientEventIds
{
    public const int WorkerRegistered = 1400;
    public const int WorkerConnected = 1401;
    public const int WorkerDisconnected = 1402;
    public const int WorkerConnectFailed = 1403;
    public const int WorkerReconnected = 1404;
    public const int JobStarted = 1410;
    public const int JobCompleted = 1411;
    public const int JobFailed = 1412;
    public const int JobRevoked = 1413;
    public const int JobReportRefused = 1414;
    public const int JobReportFailed = 1415;
    public const int JobDuplicateIgnored = 1416;
    public const int LeaseRenewFailed = 1417;
    public const int JobReleased = 1418;
    public const int FrameUnreadable = 1420;
    public const int ResultRejected = 1421;
}
