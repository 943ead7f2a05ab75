namespace Claw.Abstractions.Auth;

/// <summary>One gateway's cache of credentials (one per silo or gateway process), told of each revocation at once.</summary>
[Alias("claw.IRevocationObserver")]
public interface IRevocationObserver : IGrainObserver
{
    [OneWay, Alias("revoked")]
    Task RevokedAsync(Revocation revocation);
}
