namespace Claw.Abstractions.Schedules;

/// <summary>What a due slot does while the task of the previous firing has not ended.</summary>
[GenerateSerializer]
public enum OverlapPolicy
{
    /// <summary>The slot is skipped (and counted).</summary>
    Skip = 0,

    /// <summary>The slot fires regardless.</summary>
    Allow = 1,

    /// <summary>One slot waits and fires as soon as the running task ends; further ones are skipped.</summary>
    BufferOne = 2,
}
