using System.CommandLine;
using Claw.Client.Nodes;

namespace Claw.Cli;

/// <summary><c>claw nodes list|drain</c>.</summary>
internal static class NodesCommand
{
    public static Command Build(CliContext context)
    {
        var nodes = new Command("nodes", "See and drain nodes.");
        var status = new Option<string?>("--status", "-s") { Description = "Only nodes in this status (offline, online, busy, draining)." };
        var capability = new Option<string?>("--capability", "-c") { Description = "Only nodes with this capability." };
        var list = new Command("list", "List nodes.") { status, capability };
        list.Run(context, async (client, printer, parse, ct) =>
        {
            var found = await client.Nodes.ListAsync(new NodeFilter(parse.GetValue(status), parse.GetValue(capability)), cancellationToken: ct).ToListAsync(ct);
            printer.Show(found, (p, all) => p.Table(
                ["id", "name", "status", "leases", "capabilities", "done", "failed", "last seen"],
                all.Select(n => new[]
                {
                    n.Id, n.Name, n.Status, $"{n.ActiveLeases}/{n.MaxConcurrentTasks}", string.Join(",", n.Capabilities),
                    Printer.Number(n.CompletedCount), Printer.Number(n.FailedCount), Printer.Time(n.LastSeen),
                })));
            return ExitCodes.Ok;
        });
        nodes.Subcommands.Add(list);

        var id = new Argument<string>("id") { Description = "The node's id." };
        var drain = new Command("drain", "Let the node finish its leases and take no new ones.") { id };
        drain.Run(context, async (client, printer, parse, ct) =>
        {
            var node = await client.Nodes.DrainAsync(parse.GetRequiredValue(id), ct);
            printer.Show(node, (p, n) => p.Fields(("id", n.Id), ("name", n.Name), ("status", n.Status), ("leases", $"{n.ActiveLeases}/{n.MaxConcurrentTasks}")));
            return ExitCodes.Ok;
        });
        nodes.Subcommands.Add(drain);
        return nodes;
    }
}
