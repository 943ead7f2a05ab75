using Orleans.Runtime;

namespace Claw.Abstractions.Auth;

/// <summary>
/// The Orleans <c>RequestContext</c> key under which the caller's <see cref="Principal"/> travels through grain calls.
/// A call with none comes from inside the cluster (a timer, a reminder, a grain's own fan-out) and is trusted.
/// </summary>
public static class PrincipalContext
{
    public const string Key = "claw.principal";

    /// <summary>The principal of the call being handled; null for calls from inside the cluster.</summary>
    public static Principal? Current => RequestContext.Get(Key) as Principal;

    public static void Set(Principal? principal)
    {
        if (principal is null)
        {
            RequestContext.Remove(Key);
        }
        else
        {
            RequestContext.Set(Key, principal);
        }
    }
}
