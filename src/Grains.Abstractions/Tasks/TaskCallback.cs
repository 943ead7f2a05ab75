namespace Claw.Abstractions.Tasks;

/// <summary>
/// Where a task's terminal state is posted (<c>callback_url</c>), and the task's own signing secret if it brought one
/// (<c>callback_secret</c>; otherwise the cluster's <c>Claw:Callbacks:Secret</c> signs). The secret is never shown.
/// </summary>
[GenerateSerializer, Immutable, Alias("claw.task-callback")]
public sealed record TaskCallback(
    [property: Id(0)] string Url,
    [property: Id(1)] string? Secret = null);
