namespace Claw.Gateway.Tasks;

/// <summary>Who reports on a task: a lease (id and token) or, ClawBot-style, a node id; all optional.</summary>
public interface IHolderBody
{
    string? LeaseId { get; }

    string? LeaseToken { get; }

    string? NodeId { get; }

    string? BotId { get; }
}
