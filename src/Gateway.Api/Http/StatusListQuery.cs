using Claw.Abstractions.Queries;
using Claw.Gateway.Validation;

namespace Claw.Gateway.Http;

/// <summary>Query string of the lists that filter only by <c>status</c> (workflows, swarms).</summary>
public sealed record StatusListQuery(string? Status, int? Limit, string? Cursor)
{
    public Paging Paging => new(Limit, Cursor);

    public ProblemHttpResult? Check(IEnumerable<string> statuses)
    {
        var known = statuses.ToList();
        var errors = new ValidationErrors()
            .Require(Status is null || known.Contains(Status), "status", "One of " + string.Join(", ", known) + ".")
            .Require(Paging.IsValid, "limit", $"Between 1 and {Paging.MaxLimit}.");
        return errors.IsEmpty ? null : ValidationFilter.Invalid(errors);
    }

    public StatusPageQuery ToQuery(int limit, string? cursor) => new(Status, limit, cursor);
}
