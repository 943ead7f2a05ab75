using System.CommandLine;
using Claw.Client.Auth;

namespace Claw.Cli;

/// <summary><c>claw keys create|list|revoke</c> (an admin's).</summary>
internal static class KeysCommand
{
    public static Command Build(CliContext context)
    {
        var keys = new Command("keys", "Create, list and revoke API keys (admin).");
        var name = new Option<string>("--name") { Description = "What the key is for.", Required = true };
        var role = new Option<string>("--role") { Description = "admin, operator, agent or reader.", Required = true };
        role.AcceptOnlyFromAmong("admin", "operator", "agent", "reader");
        var node = new Option<string?>("--node-id") { Description = "The node an agent key acts for." };
        var queues = new Option<string[]>("--queue") { Description = "Limit the key to this queue (repeatable)." };
        var swarms = new Option<string[]>("--swarm") { Description = "Limit the key to this swarm (repeatable)." };
        var expires = new Option<DateTimeOffset?>("--expires-at") { Description = "When the key stops working (ISO-8601)." };
        var create = new Command("create", "Create a key; its secret is shown this once.") { name, role, node, queues, swarms, expires };
        create.Run(context, async (client, printer, parse, ct) =>
        {
            var key = await client.Keys.CreateAsync(new CreateKeyRequest(
                parse.GetRequiredValue(name), parse.GetRequiredValue(role), parse.GetValue(swarms) is { Length: > 0 } s ? s : null,
                parse.GetValue(queues) is { Length: > 0 } q ? q : null, parse.GetValue(node), parse.GetValue(expires)), ct);
            printer.Show(key, (p, k) =>
            {
                Print(p, k);
                p.Line("");
                p.Line("The key (shown once; keep it in a secret store):");
                p.Line(k.Key ?? "");
            });
            return ExitCodes.Ok;
        });
        keys.Subcommands.Add(create);

        var list = new Command("list", "List keys (never their secrets).");
        list.Run(context, async (client, printer, parse, ct) =>
        {
            var found = await client.Keys.ListAsync(cancellationToken: ct).ToListAsync(ct);
            printer.Show(found, (p, all) => p.Table(
                ["id", "name", "role", "state", "node", "created", "expires"],
                all.Select(k => new[] { k.Id, k.Name, k.Role, k.RevokedAt is null ? "live" : "revoked", k.NodeId, Printer.Time(k.CreatedAt), Printer.Time(k.ExpiresAt) })));
            return ExitCodes.Ok;
        });
        keys.Subcommands.Add(list);

        var id = new Argument<string>("id") { Description = "The key's id (the 16 hex digits after claw_)." };
        var revoke = new Command("revoke", "Revoke a key on every silo.") { id };
        revoke.Run(context, async (client, printer, parse, ct) =>
        {
            printer.Show(await client.Keys.RevokeAsync(parse.GetRequiredValue(id), ct), Print);
            return ExitCodes.Ok;
        });
        keys.Subcommands.Add(revoke);
        return keys;
    }

    private static void Print(Printer printer, ApiKey k) => printer.Fields(
        ("id", k.Id), ("name", k.Name), ("role", k.Role), ("node", k.NodeId), ("queues", string.Join(",", k.Queues)), ("swarms", string.Join(",", k.SwarmIds)),
        ("created", Printer.Time(k.CreatedAt)), ("expires", Printer.Time(k.ExpiresAt)), ("revoked", Printer.Time(k.RevokedAt)));
}
