using Claw.Abstractions.Errors;
using Claw.Abstractions.Leases;
using Claw.Abstractions.Tasks;

namespace Claw.Grains.OpenClaw;

/// <summary>
/// What a running turn owes its task's lease: a renewal at a third of the lease's length (a refused renewal means the
/// lease is lost), and the streamed progress written at most once per interval. Both stop with the turn or its lease.
/// </summary>
internal sealed class LeaseUpkeep(string taskId, ITaskGrain task, LeaseProof proof, GatewayConnection connection, CancellationToken lost)
{
    private ILogger Logger => connection.Logger;

    /// <summary>Renewals come at a third of the lease's length, but not more often than every second nor rarer than every two minutes.</summary>
    public static TimeSpan RenewEvery(TimeSpan leaseLength) =>
        TimeSpan.FromTicks(Math.Clamp(leaseLength.Ticks / 3, TimeSpan.FromSeconds(1).Ticks, TimeSpan.FromMinutes(2).Ticks));

    /// <summary>Renews the lease that ends at <paramref name="expiresAt"/> until <paramref name="stop"/>; a refusal calls <paramref name="lose"/> with its code.</summary>
    public async Task RenewAsync(DateTimeOffset expiresAt, Action<string> lose, CancellationToken stop)
    {
        var every = RenewEvery(expiresAt - connection.Time.GetUtcNow());
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(every, connection.Time, stop);
                await task.RenewAsync(proof);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ClawException refused)
            {
                lose(refused.Code);
                return;
            }
            catch (Exception ex) when (ex is TimeoutException or OrleansException)
            {
                Logger.TurnProgressRefused(taskId, ex.Message); // the next renewal tries again before the deadline
            }
        }
    }

    /// <summary>Writes what <paramref name="progress"/> gathered for the run <paramref name="runInFlight"/> names, once per interval, until <paramref name="stop"/> or the lease is lost.</summary>
    public async Task FlushAsync(TurnProgress progress, Func<string?> runInFlight, CancellationToken stop)
    {
        using var both = CancellationTokenSource.CreateLinkedTokenSource(stop, lost);
        while (true)
        {
            try
            {
                await Task.Delay(connection.Options.ProgressInterval, connection.Time, both.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (progress.Take(runInFlight()) is not { } update)
            {
                continue;
            }

            try
            {
                await task.ProgressAsync(proof, update);
            }
            catch (Exception ex) when (ex is ClawException or TimeoutException or OrleansException)
            {
                Logger.TurnProgressRefused(taskId, ex.Message);
            }
        }
    }
}
