using System.Net;
using Microsoft.Extensions.Logging;

namespace Claw.Client.Worker;

/// <summary>
/// Runs one job: <c>start</c>, the handler while the lease is renewed, then <c>complete</c> or <c>fail</c> by lease
/// (each report is tried again when it got no answer; the server takes a repeated report as one). When the lease is
/// lost the handler's token fires and no result is sent; when the worker stops, the task is given back.
/// </summary>
internal sealed class JobRunner(ClawClient client, string nodeId, Func<ClawJob, CancellationToken, Task<object?>> handler, ILogger logger)
{
    /// <summary>The shortest pause between renewals, so a very short lease does not turn into a busy loop.</summary>
    private static readonly TimeSpan MinRenewInterval = TimeSpan.FromSeconds(1);

    public async Task RunAsync(RunningJob running, CancellationToken stopping)
    {
        var assignment = running.Assignment;
        var job = new ClawJob(assignment, nodeId, client.Tasks);
        if (!await ReportAsync(running, () => client.Tasks.StartAsync(job.TaskId, job.Proof, stopping)))
        {
            return;
        }

        WorkerLog.JobStarted(logger, job.TaskId, job.LeaseId, job.Attempt);
        using var renewing = CancellationTokenSource.CreateLinkedTokenSource(running.Token);
        var renewal = RenewAsync(running, assignment.ExpiresAt, renewing.Token);
        object? result;
        try
        {
            result = await handler(job, running.Token);
        }
        catch (OperationCanceledException) when (running.Token.IsCancellationRequested)
        {
            await StoppedAsync(running, stopping);
            return;
        }
        catch (ClawJobFailedException failed)
        {
            await FailAsync(running, failed, failed.Retriable, failed.ErrorCode);
            return;
        }
        catch (Exception ex)
        {
            await FailAsync(running, ex, retriable: true, errorCode: null);
            return;
        }
        finally
        {
            renewing.Cancel();
            await renewal;
        }

        if (running.LostBecause is null
            && await ReportAsync(running, () => client.Leases.CompleteAsync(job.LeaseId, assignment.LeaseToken, result, CancellationToken.None)))
        {
            WorkerLog.JobCompleted(logger, job.TaskId, job.LeaseId);
        }
    }

    private async Task FailAsync(RunningJob running, Exception failure, bool retriable, string? errorCode)
    {
        if (running.LostBecause is not null)
        {
            return; // the lease is gone: a failure report would be refused
        }

        WorkerLog.JobFailed(logger, running.TaskId, running.LeaseId, retriable, failure);
        var error = string.IsNullOrWhiteSpace(failure.Message) ? failure.GetType().Name : failure.Message;
        await ReportAsync(running, () => client.Leases.FailAsync(running.LeaseId, running.Assignment.LeaseToken, error, retriable, errorCode, CancellationToken.None));
    }

    /// <summary>The handler stopped because the lease was lost, or because the worker stops (the task is then given back untouched).</summary>
    private async Task StoppedAsync(RunningJob running, CancellationToken stopping)
    {
        if (running.LostBecause is { } reason)
        {
            WorkerLog.JobRevoked(logger, running.TaskId, running.LeaseId, reason);
            return;
        }

        if (stopping.IsCancellationRequested)
        {
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            if (await ReportAsync(running, () => client.Leases.ReleaseAsync(running.LeaseId, running.Assignment.LeaseToken, grace.Token)))
            {
                WorkerLog.Released(logger, running.TaskId);
            }
        }
    }

    /// <summary>Renews the lease at a third of its remaining time; a refusal means it is lost, and the handler is stopped.</summary>
    private async Task RenewAsync(RunningJob running, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var wait = (expiresAt - DateTimeOffset.UtcNow) / 3;
                await Task.Delay(wait < MinRenewInterval ? MinRenewInterval : wait, cancellationToken);
                try
                {
                    expiresAt = (await client.Leases.HeartbeatAsync(running.LeaseId, running.Assignment.LeaseToken, cancellationToken)).ExpiresAt;
                }
                catch (ClawApiException refused) when (refused.Status is HttpStatusCode.Conflict or HttpStatusCode.NotFound or HttpStatusCode.Forbidden)
                {
                    running.Lose(refused.Code ?? "lease_lost");
                    return;
                }
                catch (Exception ex) when (ex is HttpRequestException or ClawApiException)
                {
                    WorkerLog.RenewFailed(logger, running.LeaseId, ex); // the server is away; the next tick tries again
                }
            }
        }
        catch (OperationCanceledException)
        {
            // the handler has ended
        }
    }

    /// <summary>Sends a report; false (logged) when the server refused it or never answered.</summary>
    private async Task<bool> ReportAsync(RunningJob running, Func<Task> report)
    {
        try
        {
            await report();
            return true;
        }
        catch (ClawApiException refused)
        {
            WorkerLog.ReportRefused(logger, running.TaskId, refused.Code, refused.Detail);
            return false;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            WorkerLog.ReportFailed(logger, running.TaskId, ex);
            return false;
        }
    }
}
