using Claw.Grains.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Claw.Grains.Callbacks;

/// <summary>The callback sender and its HTTP client, configured from <c>Claw:Callbacks</c>.</summary>
public static class CallbackServices
{
    public static IServiceCollection AddClawCallbacks(this IServiceCollection services, IConfiguration section)
    {
        services.Configure<CallbackOptions>(section);
        services.AddSingleton<CommitSignals>();
        services.AddHostedService<CallbackSender>();
        services.AddHttpClient(CallbackSender.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan) // each attempt has its own deadline
            .RemoveAllLoggers() // the factory's request lines print the whole URL, and a webhook's path may be its secret; CallbackSender logs the host only
            .ConfigurePrimaryHttpMessageHandler(provider => new SocketsHttpHandler
            {
                AllowAutoRedirect = false, // a webhook answers where it was asked, or fails
                UseProxy = false, // the address check must see the real destination, not a proxy's
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                ConnectTimeout = TimeSpan.FromSeconds(5),
                ConnectCallback = new CallbackConnector(provider.GetRequiredService<IOptions<CallbackOptions>>().Value.AllowPrivateAddresses).ConnectAsync,
            })
            .AddResilienceHandler("callbacks", pipeline => pipeline
                .AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = 2,
                    Delay = TimeSpan.FromMilliseconds(500),
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    ShouldHandle = args => ValueTask.FromResult(
                        CallbackSender.Refusal(args.Outcome.Exception) is null && HttpClientResiliencePredicates.IsTransient(args.Outcome)),
                })
                .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = 0.5,
                    MinimumThroughput = 4,
                    SamplingDuration = TimeSpan.FromSeconds(30),
                    BreakDuration = TimeSpan.FromSeconds(15),
                })
                .AddTimeout(TimeSpan.FromSeconds(10)))
            .SelectPipelineByAuthority(); // one breaker per receiving host: a dead one does not open the others'
        return services;
    }
}
