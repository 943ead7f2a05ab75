using System.Text.Json.Nodes;

namespace Claw.Tests.Hardening.Fuzz;

/// <summary>
/// Turns a schema's sample into a body the server accepts (a fuzz whose starting body is already refused tests
/// nothing past the validator): values that a sample cannot guess are set, and fields that need a resource of their
/// own or exclude another are left out.
/// </summary>
public static class PlausibleBodies
{
    /// <summary>Fields left out: they name resources that must exist, or exclude a field the sample also holds.</summary>
    private static readonly HashSet<string> Dropped =
    [
        "id", "cron", "run_at", "start_at", "swarm_id", "workflow_id", "depends_on", "task_payloads", "node_ids",
        "approval_timeout_seconds", "scheduled_for", "lease_token", "callback_url", "callback_secret",
        "signature", "capability_token", // a node's signature or token: no sample can forge one, and neither is needed
    ];

    public static JsonObject Make(JsonObject sample, FuzzIds ids)
    {
        var body = sample.DeepClone().AsObject();
        Fix(body, ids);
        return body;
    }

    private static void Fix(JsonObject body, FuzzIds ids)
    {
        foreach (var name in body.Select(p => p.Key).ToList())
        {
            if (Dropped.Contains(name))
            {
                body.Remove(name);
                continue;
            }

            JsonNode? good = name switch
            {
                "interval_seconds" => 3600,
                "time_zone" => "UTC",
                "timeout_seconds" => 60,
                "ttl_seconds" => 3600,
                "max_retries" => 1,
                "percent" => 10,
                "max_tasks" => 1,
                "wait_seconds" => 0,
                "window_seconds" => 60,
                "max_concurrent_tasks" => 2,
                "heartbeat_interval_seconds" => 30,
                "multiplier" => 2,
                "paused" => true,
                "start" => false,
                "queue" => ids.Queue,
                "queues" => new JsonArray(ids.Queue),
                "node_id" or "bot_id" => ids.Node,
                "lease_id" => ids.Lease,
                "steps" => new JsonArray(new JsonObject { ["name"] = "a", ["payload"] = new JsonObject() }),
                "public_key" => "yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=", // 32 bytes: a node's Ed25519 key and a WireGuard key alike
                "url" => "ws://127.0.0.1:9",
                "base_url" => "http://127.0.0.1:9/v1",
                "api" => "openai-completions",
                "max_concurrent_sessions" => 2,
                "failed_since" => "2020-01-01T00:00:00Z",
                "expires_at" => "2099-01-01T00:00:00Z",
                "role" => "agent", // the one role a key bound to a node may have
                "limit" => 10,
                "concurrency_limit" => 5,
                _ => null,
            };

            if (good is not null)
            {
                body[name] = good;
            }
            else if (body[name] is JsonObject inner)
            {
                Fix(inner, ids);
            }
            else if (body[name] is JsonArray items)
            {
                foreach (var item in items.OfType<JsonObject>())
                {
                    Fix(item, ids); // a batch's items are bodies of their own
                }
            }
        }
    }
}
