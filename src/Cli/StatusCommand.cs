using System.CommandLine;
using System.Globalization;

namespace Claw.Cli;

/// <summary><c>claw status</c>: is the server up, and how are the cluster's nodes, queues, leases and subsystems.</summary>
internal static class StatusCommand
{
    public static Command Build(CliContext context)
    {
        var status = new Command("status", "The server's health, nodes, queues and monitoring verdicts.");
        status.Run(context, async (client, printer, parse, ct) =>
        {
            var health = await client.Monitoring.HealthAsync(ct);
            var cluster = await client.Monitoring.ClusterHealthAsync(ct);
            var monitoring = await client.Monitoring.StatusAsync(ct);
            printer.Show(new { server = client.BaseAddress, health, cluster, monitoring }, (p, _) =>
            {
                p.Fields(
                    ("server", client.BaseAddress.ToString()),
                    ("health", $"{health.Status} (version {health.Version})"),
                    ("cluster", cluster.Status + (cluster.Reasons.Count > 0 ? ": " + string.Join("; ", cluster.Reasons) : "")),
                    ("nodes", string.Join(", ", cluster.Nodes.Select(n => $"{n.Value} {n.Key}"))),
                    ("leases", $"{cluster.Leases.Active} active, {cluster.Leases.Overdue} overdue"),
                    ("swarms", $"{cluster.Swarms.Total}"));
                p.Line("");
                p.Table(["queue", "pending", "due", "leased", "oldest due"], cluster.Queues.Select(q => new[]
                {
                    q.Queue, Printer.Number(q.Pending), Printer.Number(q.Due), Printer.Number(q.Leased), q.OldestDueSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s",
                }));
                p.Line("");
                p.Table(["subsystem", "status", "reasons"], monitoring.Subsystems.Select(s => new[] { s.Key, s.Value.Status, string.Join("; ", s.Value.Reasons) }));
            });
            return ExitCodes.Ok;
        });
        return status;
    }
}
