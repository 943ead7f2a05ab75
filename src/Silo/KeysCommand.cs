using System.Collections.Immutable;
using System.Globalization;
using Claw.Abstractions;
using Claw.Abstractions.Auth;
using Claw.Gateway.Auth;
using Claw.Gateway.Validation;
using Claw.Grains.Auth;
using Claw.Grains.Storage;

namespace Claw.Silo;

/// <summary>
/// <c>keys create --role admin [--name n] [--node-id id] [--swarm-ids a,b] [--queues q1,q2] [--expires-at time]</c>
/// (prints the key once), <c>keys list</c>, <c>keys revoke {id}</c>: straight on the database, so the first admin key
/// exists before any silo runs. A running silo honours a revocation made here once its cache entry lapses
/// (<c>Claw:Auth:KeyCacheDuration</c>); revoking over the API reaches every silo at once.
/// </summary>
public static class KeysCommand
{
    private const string Usage = "usage: keys create --role admin|operator|agent|reader [--name text] [--node-id id] [--swarm-ids a,b] [--queues a,b] [--expires-at 2027-01-01T00:00:00Z] | keys list | keys revoke <id>";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors)
    {
        var verb = args.FirstOrDefault();
        var rest = args.Skip(1).ToArray();
        var switches = Switches(verb == "revoke" ? rest.Skip(1).ToArray() : rest);
        var configuration = ClawHost.CommandConfiguration([.. switches.Where(s => !Own.Contains(s.Key)).SelectMany(s => new[] { s.Key, s.Value })]);
        await using var database = ClawDatabase.Create(configuration.GetSection("Claw").Get<ClawStorageOptions>() ?? new ClawStorageOptions());
        await new SchemaMigrator(database, Microsoft.Extensions.Logging.Abstractions.NullLogger<SchemaMigrator>.Instance).ApplyAsync(CancellationToken.None);
        var keys = new KeyStore(database, TimeProvider.System);
        switch (verb)
        {
            case "create" when ClawClaims.ParseRole(switches.GetValueOrDefault("--role")) is { } role:
                if (!TryExpiry(switches.GetValueOrDefault("--expires-at"), out var expires))
                {
                    await errors.WriteLineAsync("--expires-at: a time such as 2027-01-01T00:00:00Z.");
                    return 64;
                }

                // The key passes the rules of POST /auth/keys, so nothing stored here breaks a later read or check.
                var request = new CreateKeyRequest(switches.GetValueOrDefault("--name") ?? $"{role.Wire()} key", role.Wire(),
                    [.. List(switches.GetValueOrDefault("--swarm-ids"))], [.. List(switches.GetValueOrDefault("--queues"))], switches.GetValueOrDefault("--node-id"), expires);
                var invalid = new ValidationErrors();
                request.Validate(invalid);
                if (!invalid.IsEmpty)
                {
                    foreach (var (field, messages) in invalid.ToDictionary())
                    {
                        await errors.WriteLineAsync($"{field}: {string.Join(" ", messages)}");
                    }

                    return 64;
                }

                var issued = await keys.CreateAsync(request.ToSpec(), "command-line");
                await output.WriteLineAsync(issued.Secret);
                await errors.WriteLineAsync($"Created {role.Wire()} key {issued.Key.Id}. The line above is the key; it is shown only this once.");
                return 0;
            case "list":
                for (string? cursor = null; ;)
                {
                    var page = await keys.ListAsync(500, cursor);
                    foreach (var key in page.Items)
                    {
                        await output.WriteLineAsync($"{key.Id}\t{key.Role.Wire()}\t{(key.RevokedAt is null ? "live" : "revoked")}\t{key.NodeId ?? "-"}\t{key.Name}");
                    }

                    if ((cursor = page.NextCursor) is null)
                    {
                        return 0;
                    }
                }

            case "revoke" when rest.FirstOrDefault() is { } id && !id.StartsWith("--", StringComparison.Ordinal):
                if (await keys.RevokeAsync(id) is null)
                {
                    await errors.WriteLineAsync($"No key has the id '{id}'.");
                    return 1;
                }

                await output.WriteLineAsync($"Revoked {id}.");
                return 0;
            default:
                await errors.WriteLineAsync(Usage);
                return 64;
        }
    }

    private static readonly string[] Own = ["--role", "--name", "--node-id", "--swarm-ids", "--queues", "--expires-at"];

    private static Dictionary<string, string> Switches(string[] args)
    {
        var switches = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switches[args[i]] = args[i + 1];
        }

        return switches;
    }

    private static bool TryExpiry(string? text, out DateTimeOffset? expires)
    {
        expires = null;
        if (text is null)
        {
            return true;
        }

        var parsed = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at);
        expires = parsed ? at : null;
        return parsed;
    }

    private static ImmutableArray<string> List(string? text) => text is null ? [] : [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
