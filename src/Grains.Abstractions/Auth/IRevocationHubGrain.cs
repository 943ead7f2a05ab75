namespace Claw.Abstractions.Auth;

/// <summary>
/// The fan-out of revocations (key 0): every gateway subscribes its <see cref="IRevocationObserver"/> and renews the
/// subscription periodically (so a hub reactivated after its silo died learns them again); a revocation is passed to
/// all of them at once. Off the per-task path: it is called once per revocation and once per renewal.
/// </summary>
[Alias("claw.IRevocationHubGrain")]
public interface IRevocationHubGrain : IGrainWithIntegerKey
{
    [Alias("subscribe")]
    Task SubscribeAsync(IRevocationObserver observer);

    [Alias("unsubscribe")]
    Task UnsubscribeAsync(IRevocationObserver observer);

    [Alias("publish")]
    Task PublishAsync(Revocation revocation);
}
