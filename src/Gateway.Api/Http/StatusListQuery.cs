using Claw.Abstractions.Queries;
using Claw.Gateway.Validation;

namespace Claw.Gateway.Http;

/// <summary>
/// Query string of the lists that filter only by <c>status</c> (workflows, swarms): Claw's <c>limit</c>/<c>cursor</c>,
/// or ClawBot's <c>skip</c>/<c>limit</c> where the list is a bare array (<c>GET /workflows</c>).
/// </summary>
public sealed record StatusListQuery(string? Status, int? Skip, int? Limit, string? Cursor)
{
    public Paging Paging => new(Limit, Cursor);

    public SkipPaging SkipPaging => new(Skip, Limit);

    public ProblemHttpResult? Check(IEnumerable<string> statuses, bool skipForm = false)
    {
        var known = statuses.ToList();
        var errors = new ValidationErrors().Require(Status is null || known.Contains(Status), "status", "One of " + string.Join(", ", known) + ".");
        if (skipForm)
        {
            SkipPaging.Check(errors);
        }
        else
        {
            errors.Require(Paging.IsValid, "limit", $"Between 1 and {Paging.MaxLimit}.");
        }

        return errors.IsEmpty ? null : ValidationFilter.Invalid(errors);
    }

    public StatusPageQuery ToQuery(int limit, string? cursor, int skip = 0) => new(Status, limit, cursor, skip);
}
