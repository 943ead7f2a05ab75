using Claw.Abstractions.Auth;
using Microsoft.Extensions.Hosting;

namespace Claw.Gateway.Auth;

/// <summary>
/// Keeps this process's <see cref="KeyCache"/> subscribed to the revocation hub: at start (as soon as the cluster
/// answers) and every third of the subscription's lifetime after, so a hub that moved to another silo knows it again.
/// </summary>
internal sealed partial class RevocationListener(IGrainFactory grains, KeyCache cache, IHostApplicationLifetime lifetime, ILogger<RevocationListener> logger) : BackgroundService
{
    private static readonly TimeSpan Renewal = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Not before the host (and with it a co-hosted silo) has started: a call earlier finds no silo to place the hub on.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try
            {
                await started.Task;
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        var self = grains.CreateObjectReference<IRevocationObserver>(cache);
        var hub = grains.GetGrain<IRevocationHubGrain>(0);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var wait = Renewal;
                try
                {
                    await hub.SubscribeAsync(self);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogSubscribeFailed(logger, ex); // the cluster is not up yet, or briefly away: try again soon
                    wait = Retry;
                }

                await Task.Delay(wait, stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            grains.DeleteObjectReference<IRevocationObserver>(self);
        }
    }

    [LoggerMessage(EventIds.KeyCacheSubscribeFailed, LogLevel.Debug, "Could not subscribe this gateway's key cache to revocations yet")]
    private static partial void LogSubscribeFailed(ILogger logger, Exception exception);
}
