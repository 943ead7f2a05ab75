using Claw.Abstractions;
using Claw.Abstractions.Errors;

namespace Claw.Grains.OpenClaw;

/// <summary>
/// Taking over tasks of this gateway's sessions that another gateway received: each is assigned to this gateway's node
/// (which revokes the other's unstarted lease) as soon as the node has a free slot; the other keeps the lease alive
/// meanwhile. A task that started or ended elsewhere, or that waited too long, is let go.
/// </summary>
public sealed partial class GatewayGrain
{
    private static readonly TimeSpan AdoptionPatience = TimeSpan.FromMinutes(10);

    private readonly Dictionary<string, DateTimeOffset> _adoptions = new(StringComparer.Ordinal);

    public Task AdoptAsync(string taskId, string sessionKey)
    {
        if (state.State.IsRegistered)
        {
            _adoptions.TryAdd(taskId, time.GetUtcNow());
            Watch();
        }

        return Task.CompletedTask;
    }

    private async Task AdoptWaitingAsync()
    {
        foreach (var (taskId, since) in _adoptions.OrderBy(a => a.Value).ToList())
        {
            try
            {
                await Node.AssignAsync(taskId);
                _adoptions.Remove(taskId);
                LogAdopted(logger, GatewayId, taskId);
            }
            catch (ClawException refused) when (refused.Code == ErrorCodes.NodeUnavailable && time.GetUtcNow() - since < AdoptionPatience)
            {
                return; // no free slot: the rest wait too, in arrival order
            }
            catch (ClawException refused)
            {
                _adoptions.Remove(taskId);
                LogNotAdopted(logger, GatewayId, taskId, refused.Code);
            }
        }
    }

    [LoggerMessage(EventIds.OpenClawGatewayAdopted, LogLevel.Information, "OpenClaw gateway {GatewayId} took over task {TaskId} of one of its sessions")]
    private static partial void LogAdopted(ILogger logger, string gatewayId, string taskId);

    [LoggerMessage(EventIds.OpenClawGatewayNotAdopted, LogLevel.Information, "OpenClaw gateway {GatewayId} did not take over task {TaskId} ({Code})")]
    private static partial void LogNotAdopted(ILogger logger, string gatewayId, string taskId, string code);
}
