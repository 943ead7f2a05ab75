using Claw.Abstractions.Auth;
using Orleans.Utilities;

namespace Claw.Grains.Auth;

/// <summary>
/// Passes each revocation to every subscribed gateway cache at once. Subscriptions live in memory and lapse unless
/// renewed (<see cref="SubscriptionLifetime"/>), so a gateway that vanished is dropped and a hub that moved to another
/// silo is filled again by the next renewals; the database stays the truth for a cache that missed a notice (its
/// entries expire on their own).
/// </summary>
public sealed class RevocationHubGrain(ILogger<RevocationHubGrain> logger) : Grain, IRevocationHubGrain
{
    /// <summary>How long a subscription lasts without renewal; gateways renew at a third of it.</summary>
    public static readonly TimeSpan SubscriptionLifetime = TimeSpan.FromSeconds(90);

    private readonly ObserverManager<IRevocationObserver> _observers = new(SubscriptionLifetime, logger);

    public Task SubscribeAsync(IRevocationObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task UnsubscribeAsync(IRevocationObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public Task PublishAsync(Revocation revocation) => _observers.Notify(o => o.RevokedAsync(revocation));
}
