using Claw.Abstractions.Identity;
using Claw.Abstractions.Tasks;

namespace Claw.Grains.Identity;

/// <summary>
/// What a node's capability grant lets dispatch offer it, decided beside the requirement match. A node that never
/// presented a token is not limited by one (as before tokens existed); one whose grant was revoked or expired is
/// offered nothing until it presents a live token.
/// </summary>
public static class CapabilityRule
{
    /// <summary>The label naming a task's project, which must be in the grant's data scope (when it has one).</summary>
    public const string ProjectLabel = "project";

    public static bool Allows(CapabilityGrant? grant, TaskRequirements task) =>
        grant is null
        || (!grant.Revoked
            && task.Capabilities.All(c => grant.Capabilities.Contains(c, StringComparer.Ordinal))
            && (grant.DataScope.IsDefaultOrEmpty || !task.Labels.TryGetValue(ProjectLabel, out var project) || grant.DataScope.Contains(project, StringComparer.Ordinal))
            && (grant.MaxGpuMinutes is not 0 || task.Resources.GpuCount is null or 0));

    /// <summary>The grant as it stands at <paramref name="now"/>: past its expiry it is as good as revoked.</summary>
    public static CapabilityGrant? AsOf(CapabilityGrant? grant, DateTimeOffset now) =>
        grant is { Revoked: false } live && live.ExpiresAt <= now ? live with { Revoked = true } : grant;

    /// <summary>
    /// The grant a node holds after <paramref name="incoming"/>: a token it presented replaces whatever it held; a
    /// change of a token (revoked, or cut short by rotation) applies only while the node still holds that token.
    /// </summary>
    public static CapabilityGrant? Apply(CapabilityGrant? current, CapabilityGrant incoming, bool presented) =>
        presented || current?.Jti == incoming.Jti ? incoming : current;

    /// <summary>The node's slots under its grant: never more than the token's <c>max_concurrent_tasks</c>.</summary>
    public static int SlotLimit(int declared, CapabilityGrant? grant) =>
        grant?.MaxConcurrentTasks is { } cap ? Math.Min(declared, cap) : declared;
}
