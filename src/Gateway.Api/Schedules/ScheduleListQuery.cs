using Claw.Abstractions.Queries;
using Claw.Abstractions.Schedules;
using Claw.Gateway.Http;
using Claw.Gateway.Validation;

namespace Claw.Gateway.Schedules;

/// <summary>Query string of <c>GET /schedules</c>.</summary>
public sealed record ScheduleListQuery(string? Status, int? Limit, string? Cursor)
{
    public Paging Paging => new(Limit, Cursor);

    public ProblemHttpResult? Check()
    {
        var errors = new ValidationErrors()
            .Require(Status is null || Enum.GetNames<ScheduleStatus>().Contains(Status, StringComparer.OrdinalIgnoreCase), "status", "One of active, paused.")
            .Require(Paging.IsValid, "limit", $"Between 1 and {Paging.MaxLimit}.");
        return errors.IsEmpty ? null : ValidationFilter.Invalid(errors);
    }

    public ScheduleQuery ToQuery(int limit, string? cursor) => new(
        Status is null ? null : Enum.Parse<ScheduleStatus>(Status, ignoreCase: true),
        limit,
        cursor);
}
