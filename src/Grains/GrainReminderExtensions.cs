namespace Claw.Grains;

public static class GrainReminderExtensions
{
    /// <summary>Unregisters the grain's reminder <paramref name="name"/>; nothing to do when it is not registered.</summary>
    public static async Task UnregisterReminderIfAnyAsync(this Grain grain, string name)
    {
        if (await grain.GetReminder(name) is { } reminder)
        {
            await grain.UnregisterReminder(reminder);
        }
    }
}
