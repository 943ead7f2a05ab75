using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Claw.Abstractions.Callbacks;
using Claw.Grains.Storage;
using Claw.Grains.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Claw.Grains.Callbacks;

/// <summary>
/// Delivers task callbacks, in every silo, apart from the task path: it claims due rows of <c>claw_callbacks</c>,
/// posts each signed body with its own HTTP client (in-attempt retries, a timeout and a per-host circuit breaker, so
/// a dead endpoint costs little and slows nobody), and records the outcome: delivered, due again with backoff, or given
/// up once its retry window has passed. A silo that dies mid-attempt leaves its claim to run out; another silo then
/// delivers it (at least once: receivers drop repeats by <c>X-Claw-Delivery</c>).
/// </summary>
public sealed partial class CallbackSender(
    ClawDatabase database,
    IHttpClientFactory clients,
    ICallbackBodyWriter bodies,
    CommitSignals signals,
    IOptions<CallbackOptions> options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<CallbackSender> logger) : BackgroundService
{
    public const string ClientName = "claw-callbacks";

    private readonly CallbackStore _store = new(database);
    private readonly ConcurrentDictionary<Task, byte> _inFlight = new();
    private CallbackOptions O => options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The schema is applied while the silo starts: look for deliveries once the host is up.
        await Task.Delay(Timeout.Infinite, lifetime.ApplicationStarted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        using var slots = new SemaphoreSlim(Math.Max(1, O.MaxConcurrentDeliveries));
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            var (free, claimed) = (slots.CurrentCount, 0);
            if (free > 0)
            {
                try
                {
                    var now = time.GetUtcNow();
                    foreach (var delivery in await _store.ClaimDueAsync(now, now + O.AttemptTimeout + O.ClaimGrace, free))
                    {
                        await slots.WaitAsync(stoppingToken);
                        Start(delivery, slots, stoppingToken);
                        claimed++;
                    }

                    failing = false;
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    if (!failing)
                    {
                        LogSenderFailed(logger, ex.GetType().Name, ex); // once per outage
                        failing = true;
                    }
                }
            }

            if (claimed == 0 || claimed < free)
            {
                await signals.WaitAsync(CallbackTable.Name, O.PollInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        await Task.WhenAll(_inFlight.Keys);
    }

    private void Start(DueDelivery delivery, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        var attempt = Task.Run(async () =>
        {
            try
            {
                await DeliverAsync(delivery, stoppingToken);
            }
            finally
            {
                slots.Release();
            }
        });
        _inFlight[attempt] = 0;
        attempt.ContinueWith(done => _inFlight.TryRemove(done, out _), TaskScheduler.Default);
    }

    private async Task DeliverAsync(DueDelivery delivery, CancellationToken stoppingToken)
    {
        var (code, error, refused) = ((int?)null, (string?)null, false);
        try
        {
            (code, error) = await PostAsync(delivery, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return; // the silo is stopping: the claim runs out and the attempt is made again, not counted
        }
        catch (Exception ex)
        {
            error = Describe(ex);
            refused = Refusal(ex) is not null;
        }

        var now = time.GetUtcNow();
        var delivered = error is null;
        var next = delivered || refused ? null : CallbackSchedule.Next(delivery.Attempts + 1, delivery.CreatedAt, now, O, Random.Shared.NextDouble());
        try
        {
            await _store.RecordAsync(delivery.Id, delivered, next, code, error, now);
        }
        catch (Exception ex)
        {
            LogSenderFailed(logger, ex.GetType().Name, ex); // the claim runs out and the delivery is tried again
            return;
        }

        var host = new Uri(delivery.Url).Authority;
        if (delivered)
        {
            LogDelivered(logger, delivery.Id, delivery.TaskId, delivery.Event, host, delivery.Attempts + 1);
        }
        else if (refused)
        {
            LogRefused(logger, delivery.Id, delivery.TaskId, host, error!);
        }
        else if (next is { } at)
        {
            LogAttemptFailed(logger, delivery.Id, delivery.TaskId, host, delivery.Attempts + 1, error!, at);
        }
        else
        {
            LogGaveUp(logger, delivery.Id, delivery.TaskId, host, delivery.Attempts + 1, error!);
        }
    }

    /// <summary>One signed POST; the status code, and an error unless it was answered 2xx.</summary>
    private async Task<(int? Code, string? Error)> PostAsync(DueDelivery delivery, CancellationToken stoppingToken)
    {
        var task = StateJson.Deserialize<TaskState>(delivery.TaskDocument);
        if ((task.Callback?.Secret ?? O.Secret) is not { Length: > 0 } secret)
        {
            return (null, "no signing secret: set Claw:Callbacks:Secret or the task's callback_secret");
        }

        var body = bodies.Write(delivery.Event, task.ToView(delivery.TaskId));
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(CallbackSignature.Header, CallbackSignature.Sign(body, secret));
        request.Headers.Add("X-Claw-Event", delivery.Event);
        request.Headers.Add("X-Claw-Delivery", delivery.Id);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        attempt.CancelAfter(O.AttemptTimeout);
        using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token);
        var code = (int)response.StatusCode;
        return (code, response.IsSuccessStatusCode ? null : $"HTTP {code}");
    }

    /// <summary>Why an attempt failed, in words safe to store and show: no URL, no body, no secret.</summary>
    private static string Describe(Exception exception) => exception switch
    {
        _ when Refusal(exception) is { } refusal => refusal.Message,
        BrokenCircuitException => "circuit open: recent deliveries to this host failed",
        TimeoutRejectedException or OperationCanceledException => "timed out",
        HttpRequestException http => $"request failed ({http.HttpRequestError})",
        _ => exception.GetType().Name,
    };

    /// <summary>The address refusal behind <paramref name="exception"/> (the handler wraps it), if that is why it failed.</summary>
    public static CallbackDestinationRefusedException? Refusal(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is CallbackDestinationRefusedException refused)
            {
                return refused;
            }
        }

        return null;
    }

    [LoggerMessage(EventIds.CallbackDestinationRefused, LogLevel.Warning, "Callback {DeliveryId} of task {TaskId} to {Host} given up at once: {Error}")]
    private static partial void LogRefused(ILogger logger, string deliveryId, string taskId, string host, string error);

    [LoggerMessage(EventIds.CallbackDelivered, LogLevel.Information, "Callback {DeliveryId} of task {TaskId} ({Event}) delivered to {Host} on attempt {Attempt}")]
    private static partial void LogDelivered(ILogger logger, string deliveryId, string taskId, string @event, string host, int attempt);

    [LoggerMessage(EventIds.CallbackAttemptFailed, LogLevel.Warning, "Callback {DeliveryId} of task {TaskId} to {Host}: attempt {Attempt} failed ({Error}); next at {NextAttemptAt:o}")]
    private static partial void LogAttemptFailed(ILogger logger, string deliveryId, string taskId, string host, int attempt, string error, DateTimeOffset nextAttemptAt);

    [LoggerMessage(EventIds.CallbackGaveUp, LogLevel.Warning, "Callback {DeliveryId} of task {TaskId} to {Host} given up after {Attempts} attempts ({Error}): its retry window has passed")]
    private static partial void LogGaveUp(ILogger logger, string deliveryId, string taskId, string host, int attempts, string error);

    [LoggerMessage(EventIds.CallbackSenderFailed, LogLevel.Warning, "The callback sender cannot read or record deliveries ({Error}); it tries again")]
    private static partial void LogSenderFailed(ILogger logger, string error, Exception exception);
}
