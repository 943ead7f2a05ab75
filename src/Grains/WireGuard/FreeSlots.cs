namespace Claw.Grains.WireGuard;

/// <summary>The lowest index in <c>[0, size)</c> not in use: addresses and ports are handed out low first, and a freed one is reused.</summary>
public static class FreeSlots
{
    public static int? Lowest(int size, IReadOnlySet<int> used)
    {
        for (var index = 0; index < size; index++)
        {
            if (!used.Contains(index))
            {
                return index;
            }
        }

        return null;
    }
}
