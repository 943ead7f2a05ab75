using System.CommandLine;
using Claw.Client.Swarms;

namespace Claw.Cli;

/// <summary><c>claw swarms list|get|pause|resume</c>.</summary>
internal static class SwarmsCommand
{
    public static Command Build(CliContext context)
    {
        var swarms = new Command("swarms", "See, pause and resume swarms.");
        var list = new Command("list", "List swarms.");
        list.Run(context, async (client, printer, parse, ct) =>
        {
            var found = await client.Swarms.ListAsync(cancellationToken: ct).ToListAsync(ct);
            printer.Show(found, (p, all) => p.Table(
                ["id", "name", "status", "members", "active", "max"],
                all.Select(s => new[] { s.Id, s.Name, s.Status, Printer.Number(s.NodeIds.Count), Printer.Number(s.ActiveTasks), s.MaxConcurrentTasks?.ToString(System.Globalization.CultureInfo.InvariantCulture) })));
            return ExitCodes.Ok;
        });
        swarms.Subcommands.Add(list);

        var id = new Argument<string>("id") { Description = "The swarm's id." };
        var get = new Command("get", "Show a swarm and its health.") { id };
        get.Run(context, async (client, printer, parse, ct) =>
        {
            var swarm = await client.Swarms.GetAsync(parse.GetRequiredValue(id), ct);
            var health = await client.Swarms.HealthAsync(swarm.Id, ct);
            printer.Show(new { swarm, health }, (p, _) =>
            {
                Print(p, swarm);
                p.Fields(("health", health.Status), ("online", $"{health.MembersOnline.Count} of {health.MembersTotal}"),
                    ("queue depth", Printer.Number(health.QueueDepth)), ("failure rate", health.FailureRate.ToString("P0", System.Globalization.CultureInfo.InvariantCulture)),
                    ("reasons", string.Join("; ", health.Reasons)));
            });
            return ExitCodes.Ok;
        });
        swarms.Subcommands.Add(get);

        foreach (var (name, description, action) in new (string, string, Func<Claw.Client.ClawClient, string, CancellationToken, Task<ClawSwarm>>)[]
        {
            ("pause", "Stop dispatching the swarm's tasks.", (c, s, ct) => c.Swarms.PauseAsync(s, ct)),
            ("resume", "Dispatch the swarm's tasks again.", (c, s, ct) => c.Swarms.ResumeAsync(s, ct)),
        })
        {
            var command = new Command(name, description) { id };
            command.Run(context, async (client, printer, parse, ct) =>
            {
                printer.Show(await action(client, parse.GetRequiredValue(id), ct), Print);
                return ExitCodes.Ok;
            });
            swarms.Subcommands.Add(command);
        }

        return swarms;
    }

    private static void Print(Printer printer, ClawSwarm s) => printer.Fields(
        ("id", s.Id), ("name", s.Name), ("status", s.Status), ("members", string.Join(",", s.NodeIds)), ("active tasks", Printer.Number(s.ActiveTasks)),
        ("model", s.Model), ("error", s.Error));
}
