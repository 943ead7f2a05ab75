using System.CommandLine;
using System.Text.Json;
using Claw.Client;
using Claw.Client.Http;
using Claw.Client.Tasks;

namespace Claw.Cli;

/// <summary><c>claw tasks submit|list|get|cancel|retry|watch</c>.</summary>
internal static class TasksCommand
{
    private static readonly Argument<string> Id = new("id") { Description = "The task's id." };

    public static Command Build(CliContext context)
    {
        var tasks = new Command("tasks", "Submit, follow and manage tasks.");
        tasks.Subcommands.Add(Submit(context));
        tasks.Subcommands.Add(List(context));

        var get = new Command("get", "Show one task.") { Id };
        get.Run(context, async (client, printer, parse, ct) =>
        {
            printer.Show(await client.Tasks.GetAsync(parse.GetRequiredValue(Id), ct), TaskView.Print);
            return ExitCodes.Ok;
        });
        tasks.Subcommands.Add(get);

        var reason = new Option<string?>("--reason") { Description = "Why (kept in the timeline)." };
        var cancel = new Command("cancel", "Cancel a task that has not ended (its node is told).") { Id, reason };
        cancel.Run(context, async (client, printer, parse, ct) =>
        {
            printer.Show(await client.Tasks.CancelAsync(parse.GetRequiredValue(Id), parse.GetValue(reason), ct), TaskView.Print);
            return ExitCodes.Ok;
        });
        tasks.Subcommands.Add(cancel);

        var retry = new Command("retry", "Send a failed or cancelled task back to pending.") { Id, reason };
        retry.Run(context, async (client, printer, parse, ct) =>
        {
            printer.Show(await client.Tasks.RetryAsync(parse.GetRequiredValue(Id), parse.GetValue(reason), ct), TaskView.Print);
            return ExitCodes.Ok;
        });
        tasks.Subcommands.Add(retry);

        var watch = new Command("watch", "Follow a task live until it ends; exit 0 when it completed, 1 when it failed or was cancelled.") { Id };
        watch.Run(context, (client, printer, parse, ct) => FollowAsync(client, printer, context, parse.GetRequiredValue(Id), ct));
        tasks.Subcommands.Add(watch);
        return tasks;
    }

    private static Command Submit(CliContext context)
    {
        var queue = new Option<string?>("--queue", "-q") { Description = "The queue (default: default)." };
        var type = new Option<string?>("--type", "-t") { Description = "The task's type, for the worker." };
        var payload = new Option<string?>("--payload", "-p") { Description = "The payload as JSON text, or @file.json." };
        var priority = new Option<string?>("--priority") { Description = "low, normal, high or critical." };
        priority.AcceptOnlyFromAmong("low", "normal", "high", "critical");
        var capabilities = new Option<string[]>("--capability", "-c") { Description = "A capability the node must have (repeatable).", AllowMultipleArgumentsPerToken = false };
        var timeout = new Option<int?>("--timeout") { Description = "Seconds a lease lasts (1–3600)." };
        var retries = new Option<int?>("--max-retries") { Description = "Retries after a failure (0–100)." };
        var key = new Option<string?>("--idempotency-key") { Description = "Submitting again with this key answers the first task (default: a new key)." };
        var wait = new Option<bool>("--wait", "-w") { Description = "Follow the task live until it ends; exit 0 when it completed, 1 when not." };
        var submit = new Command("submit", "Submit a task.") { queue, type, payload, priority, capabilities, timeout, retries, key, wait };
        submit.Run(context, async (client, printer, parse, ct) =>
        {
            var request = new SubmitTaskRequest
            {
                Queue = parse.GetValue(queue),
                Type = parse.GetValue(type),
                Payload = Document(parse.GetValue(payload)),
                Priority = parse.GetValue(priority),
                RequiredCapabilities = parse.GetValue(capabilities) is { Length: > 0 } caps ? caps : null,
                TimeoutSeconds = parse.GetValue(timeout),
                MaxRetries = parse.GetValue(retries),
            };
            var task = await client.Tasks.SubmitAsync(request, parse.GetValue(key), ct);
            if (parse.GetValue(wait))
            {
                return await FollowAsync(client, printer, context, task.Id, ct);
            }

            printer.Show(task, TaskView.Print);
            return ExitCodes.Ok;
        });
        return submit;
    }

    private static Command List(CliContext context)
    {
        var status = new Option<string?>("--status", "-s") { Description = "Only tasks in this status (failed: the dead letters)." };
        var queue = new Option<string?>("--queue", "-q") { Description = "Only this queue." };
        var node = new Option<string?>("--node") { Description = "Only tasks this node holds or last held." };
        var workflow = new Option<string?>("--workflow") { Description = "Only this workflow's tasks." };
        var limit = new Option<int>("--limit", "-n") { Description = "At most this many (default 50).", DefaultValueFactory = _ => 50 };
        var list = new Command("list", "List tasks, oldest first.") { status, queue, node, workflow, limit };
        list.Run(context, async (client, printer, parse, ct) =>
        {
            var filter = new TaskFilter(parse.GetValue(status), parse.GetValue(queue), parse.GetValue(node), parse.GetValue(workflow));
            var max = Math.Max(1, parse.GetValue(limit));
            var found = await client.Tasks.ListAsync(filter, Math.Min(max, 500), ct).Take(max).ToListAsync(ct);
            printer.Show(found, TaskView.PrintList);
            return ExitCodes.Ok;
        });
        return list;
    }

    /// <summary>Shows the task live until it ends, then the task (and its result); the exit code says how it ended.</summary>
    private static async Task<int> FollowAsync(ClawClient client, Printer printer, CliContext context, string id, CancellationToken cancellationToken)
    {
        var display = new ProgressDisplay(context.Error, interactive: !Console.IsErrorRedirected);
        ClawTask? last = null;
        await foreach (var task in client.Tasks.WatchAsync(id, cancellationToken: cancellationToken))
        {
            display.Show(task);
            last = task;
        }

        display.Done();
        printer.Show(last!, TaskView.Print);
        return last!.Status == TaskStatuses.Completed ? ExitCodes.Ok : ExitCodes.Failed;
    }

    /// <summary>JSON text, or <c>@path</c> for a file's; an unreadable one is a usage error.</summary>
    private static JsonElement? Document(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var json = text.StartsWith('@') ? File.ReadAllText(text[1..]) : text;
        try
        {
            return JsonSerializer.Deserialize<JsonElement>(json, ClawJson.Options);
        }
        catch (JsonException ex)
        {
            throw new UsageException($"--payload is not JSON: {ex.Message}");
        }
    }
}
