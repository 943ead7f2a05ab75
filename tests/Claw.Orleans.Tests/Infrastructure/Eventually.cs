namespace Claw.Tests.Infrastructure;

/// <summary>Waits for an outcome that a timer or reminder produces; fails with the last value seen.</summary>
public static class Eventually
{
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        T last;
        do
        {
            last = await probe();
            if (done(last))
            {
                return last;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        throw new Xunit.Sdk.XunitException($"Timed out after {timeout.TotalSeconds} s waiting for {what}; last value: {last}");
    }
}
