namespace Claw.Abstractions.Tasks;

/// <summary>How a failure counts: <c>retriable</c> (the task may run again) or <c>permanent</c> (it ends the task).</summary>
[GenerateSerializer]
public enum FailureCategory
{
    Retriable,
    Permanent,
}
