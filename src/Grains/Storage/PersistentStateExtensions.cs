namespace Claw.Grains.Storage;

public static class PersistentStateExtensions
{
    /// <summary>
    /// Writes the state; if the write fails, the activation is dropped before the error travels on. Its memory already
    /// holds the change that storage refused, and a later call must not see it: the next activation reads the truth.
    /// </summary>
    public static async Task WriteOrForgetAsync<T>(this IPersistentState<T> state, Grain grain)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            grain.DeactivateOnIdle();
            throw;
        }
    }
}
