using Claw.Abstractions.Errors;
using Claw.Abstractions.Tasks;

namespace Claw.Grains.Swarms;

/// <summary>Calls a swarm's tasks, a hundred at a time in parallel; a task that moved on meanwhile (ended, deleted) is passed over.</summary>
internal static class SwarmTasks
{
    private const int Batch = 100;

    public static async Task ForEachAsync(IGrainFactory grains, IEnumerable<string> taskIds, Func<ITaskGrain, Task> action)
    {
        foreach (var chunk in taskIds.Chunk(Batch))
        {
            await Task.WhenAll(chunk.Select(async id =>
            {
                try
                {
                    await action(grains.GetGrain<ITaskGrain>(id));
                }
                catch (ClawException)
                {
                    // nothing to do for it
                }
            }));
        }
    }
}
