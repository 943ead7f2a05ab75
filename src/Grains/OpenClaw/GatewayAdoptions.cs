using Claw.Abstractions.Errors;

namespace Claw.Grains.OpenClaw;

/// <summary>
/// Tasks of this gateway's sessions that another gateway received, waiting to be taken over: each is assigned to this
/// gateway's node (which revokes the other's unstarted lease) as soon as the node has a free slot, in arrival order;
/// the other keeps the lease alive meanwhile. A task that started or ended elsewhere, or that waited too long, is let go.
/// </summary>
public sealed class GatewayAdoptions(string gatewayId, TimeProvider time, ILogger logger)
{
    /// <summary>How long a task waits for a free slot before it is let go (its own gateway runs it then).</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);

    private readonly Dictionary<string, DateTimeOffset> _waiting = new(StringComparer.Ordinal);

    public int Count => _waiting.Count;

    public bool IsWaiting(string taskId) => _waiting.ContainsKey(taskId);

    /// <summary>Adds a task to the wait; one asked for again keeps its place.</summary>
    public void Add(string taskId) => _waiting.TryAdd(taskId, time.GetUtcNow());

    /// <summary>Assigns the waiting tasks in arrival order through <paramref name="assign"/>, until the node has no free slot.</summary>
    public async Task AdoptWaitingAsync(Func<string, Task> assign)
    {
        foreach (var (taskId, since) in _waiting.OrderBy(a => a.Value).ToList())
        {
            try
            {
                await assign(taskId);
                _waiting.Remove(taskId);
                logger.GatewayAdopted(gatewayId, taskId);
            }
            catch (ClawException refused) when (refused.Code == ErrorCodes.NodeUnavailable && time.GetUtcNow() - since < Patience)
            {
                return; // no free slot: the rest wait too, in arrival order
            }
            catch (ClawException refused)
            {
                _waiting.Remove(taskId);
                logger.GatewayNotAdopted(gatewayId, taskId, refused.Code);
            }
        }
    }
}
