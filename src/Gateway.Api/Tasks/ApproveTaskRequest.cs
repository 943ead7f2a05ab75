using Claw.Gateway.Validation;

namespace Claw.Gateway.Tasks;

/// <summary><c>POST /tasks/{id}/approve</c>: who approves, and an optional comment (both go into the timeline).</summary>
public sealed record ApproveTaskRequest(string? By, string? Comment) : IValidatable
{
    public void Validate(ValidationErrors errors) => errors
        .Require(By is null || By.Length <= 200, "by", "At most 200 characters.")
        .Require(Comment is null || Comment.Length <= 2000, "comment", "At most 2000 characters.");
}
