namespace Claw.Tests.Hardening.Fuzz;

/// <summary>The seeded resources of a fuzz run, and how a route's path parameters are filled from them.</summary>
public sealed record FuzzIds(string Queue, string Node, string[] Tasks, string Lease, string Workflow, string Swarm, string Schedule)
{
    /// <summary>The path with each <c>{parameter}</c> replaced by the id of the resource its segment names.</summary>
    public string Fill(string path, Random random)
    {
        var segments = path.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            if (segments[i] == "{nodeId}")
            {
                segments[i] = Node;
            }
            else if (segments[i].StartsWith('{'))
            {
                segments[i] = segments[i - 1] switch
                {
                    "nodes" or "bots" => Node,
                    "leases" => Lease,
                    "workflows" => Workflow,
                    "swarms" => Swarm,
                    "schedules" => Schedule,
                    _ => Tasks[random.Next(Tasks.Length)], // tasks/{id}, broadcast/task/{id}
                };
            }
        }

        return string.Join('/', segments);
    }
}
