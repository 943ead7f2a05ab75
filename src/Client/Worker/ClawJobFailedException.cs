namespace Claw.Client.Worker;

/// <summary>
/// Thrown by a handler to fail its task on purpose: <see cref="Retriable"/> false ends it at once (any other exception
/// is a retriable failure); <see cref="ErrorCode"/> is matched against the task's <c>non_retriable_codes</c>.
/// </summary>
public sealed class ClawJobFailedException : Exception
{
    public ClawJobFailedException(string message, bool retriable = false, string? errorCode = null)
        : base(message)
    {
        Retriable = retriable;
        ErrorCode = errorCode;
    }

    public bool Retriable { get; }

    public string? ErrorCode { get; }
}
