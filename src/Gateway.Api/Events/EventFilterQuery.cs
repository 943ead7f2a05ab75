using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using Claw.Abstractions.Events;
using Claw.Gateway.Http;
using Claw.Gateway.Validation;
using Microsoft.AspNetCore.Mvc;

namespace Claw.Gateway.Events;

/// <summary>
/// The filters of <c>GET /swarm/timeline</c> and <c>GET /events</c>: <c>task_id</c>, <c>node_id</c>, <c>workflow_id</c>,
/// <c>swarm_id</c>, <c>event_type</c> (comma-separated; <c>task.failed</c> exactly, <c>task.*</c> or <c>task</c> a family),
/// <c>since</c> and <c>until</c> (ISO-8601), with the timeline's <c>limit</c> and <c>cursor</c>.
/// </summary>
public sealed partial record EventFilterQuery(
    [FromQuery(Name = "task_id")] string? TaskId,
    [FromQuery(Name = "node_id")] string? NodeId,
    [FromQuery(Name = "workflow_id")] string? WorkflowId,
    [FromQuery(Name = "swarm_id")] string? SwarmId,
    [FromQuery(Name = "event_type")] string? EventType,
    string? Since,
    string? Until,
    int? Limit,
    string? Cursor)
{
    public const int MaxTypes = 20;
    public const string TypeRule = "Comma-separated event types: a type (task.failed) or a family (task.* or task).";

    public Paging Paging => new(Limit, Cursor);

    /// <summary>The filter, or the problem that says which fields are wrong.</summary>
    public (EventFilter? Filter, ProblemHttpResult? Problem) Check()
    {
        var errors = new ValidationErrors()
            .Require(TaskId is null || Ids.IsValid(TaskId), "task_id", Ids.Rule)
            .Require(NodeId is null || Ids.IsValid(NodeId), "node_id", Ids.Rule)
            .Require(WorkflowId is null || Ids.IsValid(WorkflowId), "workflow_id", Ids.Rule)
            .Require(SwarmId is null || Ids.IsValid(SwarmId), "swarm_id", Ids.Rule)
            .Require(Paging.IsValid, "limit", $"Between 1 and {Paging.MaxLimit}.");
        var since = Time(errors, "since", Since);
        var until = Time(errors, "until", Until);
        errors.Require(since is null || until is null || since < until, "until", "Later than since.");
        var (types, families) = Types(errors);
        return errors.IsEmpty
            ? (new EventFilter(TaskId, NodeId, WorkflowId, SwarmId, types, families, since, until), null)
            : (null, ValidationFilter.Invalid(errors));
    }

    private (ImmutableArray<string>? Types, ImmutableArray<string>? Families) Types(ValidationErrors errors)
    {
        if (EventType is null)
        {
            return (null, null);
        }

        var entries = EventType.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (entries.Length is 0 or > MaxTypes || entries.Any(e => !TypePattern().IsMatch(e)))
        {
            errors.Add("event_type", TypeRule + $" At most {MaxTypes}.");
            return (null, null);
        }

        var families = entries.Where(e => !e.Contains('.', StringComparison.Ordinal) || e.EndsWith(".*", StringComparison.Ordinal))
            .Select(e => e.Split('.')[0]).Distinct(StringComparer.Ordinal).ToImmutableArray();
        var exact = entries.Where(e => e.Contains('.', StringComparison.Ordinal) && !e.EndsWith(".*", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal).ToImmutableArray();
        return (exact, families);
    }

    private static DateTimeOffset? Time(ValidationErrors errors, string field, string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time.ToUniversalTime();
        }

        errors.Add(field, "An ISO-8601 time, e.g. 2026-11-24T09:30:00Z.");
        return null;
    }

    [GeneratedRegex(@"^[a-z][a-z_]{0,39}(\.([a-z][a-z_]{0,59}|\*))?\z", RegexOptions.CultureInvariant)]
    private static partial Regex TypePattern();
}
