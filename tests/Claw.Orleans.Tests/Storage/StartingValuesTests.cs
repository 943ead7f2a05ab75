using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Claw.Abstractions.Tasks;
using Claw.Grains.Storage;
using Claw.Grains.Tasks;

namespace Claw.Tests.Storage;

/// <summary>A stored document leaves out what a new object starts with, and reads back exactly as it was written.</summary>
public sealed class StartingValuesTests
{
    private const string PinFile = "Storage/starting-values.json";

    [Fact]
    public void A_new_tasks_document_holds_only_what_differs_from_a_new_object_and_no_computed_member()
    {
        var task = new TaskState { Queue = "q", Type = "noop", CreatedAt = DateTimeOffset.UnixEpoch, CorrelationId = "c" };

        var names = JsonNode.Parse(StateJson.Serialize(task))!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal);

        Assert.Equal(["correlation_id", "created_at", "queue", "type"], names);
    }

    [Fact]
    public void A_member_moved_away_from_its_starting_value_is_written_even_when_it_is_its_types_default()
    {
        var task = new TaskState
        {
            Queue = "", Attempt = 0, MaxRetries = 0, TimeoutSeconds = 0, Priority = default,
            RetryBackoff = new RetryBackoff(0, 0, 0, 0), Requirements = TaskRequirements.None with { Capabilities = ["gpu"] },
            Fence = 7, HolderKeyless = true, NonRetriableCodes = ["bad_input"], Timeline = [], CreatedAt = DateTimeOffset.UnixEpoch,
        };

        var json = StateJson.Serialize(task);
        var back = StateJson.Deserialize<TaskState>(json);

        Assert.Equal(
            (task.Queue, task.Attempt, task.MaxRetries, task.TimeoutSeconds, task.Priority, task.RetryBackoff, task.Fence, task.HolderKeyless),
            (back.Queue, back.Attempt, back.MaxRetries, back.TimeoutSeconds, back.Priority, back.RetryBackoff, back.Fence, back.HolderKeyless));
        Assert.Equal(["gpu"], [.. back.Requirements.Capabilities]);
        Assert.Equal(["bad_input"], back.NonRetriableCodes);
        Assert.Equal(json, StateJson.Serialize(back));
    }

    [Fact]
    public void A_document_left_at_every_starting_value_reads_back_as_a_new_object()
    {
        var fresh = new TaskState();

        var back = StateJson.Deserialize<TaskState>(StateJson.Serialize(fresh));

        Assert.Equal(JsonSerializer.Serialize(fresh), JsonSerializer.Serialize(back));
        Assert.Same(TaskRequirements.None, back.Requirements);
    }

    /// <summary>
    /// Every stored document that left a member out reads it back as the starting value pinned here. Changing an
    /// initializer changes what those documents mean: keep the old value (or migrate the stored rows), then update the
    /// file with the value this test prints.
    /// </summary>
    [Fact]
    public void The_starting_values_stored_documents_rely_on_are_the_pinned_ones()
    {
        var actual = new JsonObject();
        foreach (var type in StoredTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            var info = StateJson.Options.GetTypeInfo(type);
            var members = new JsonObject();
            foreach (var (name, start) in StartingValues.Of(info))
            {
                members[name] = JsonNode.Parse(JsonSerializer.Serialize(start, start.GetType(), StateJson.Options));
            }

            if (members.Count > 0)
            {
                actual[type.FullName!] = members;
            }
        }

        var pinned = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, PinFile)));
        var printed = actual.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        Assert.True(JsonNode.DeepEquals(pinned, actual), $"The starting values changed; stored documents that left them out now read differently. If that is meant, put this into {PinFile}:\n{printed}");
    }

    /// <summary>The grains' state types and every type of the project they hold, as far as a document reaches.</summary>
    private static IEnumerable<Type> StoredTypes()
    {
        var roots = typeof(TaskState).Assembly.GetTypes()
            .Where(t => t.Name.EndsWith("State", StringComparison.Ordinal) && t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false }
                && t.GetConstructor(Type.EmptyTypes) is not null);
        var seen = new HashSet<Type>();
        var pending = new Queue<Type>(roots);
        while (pending.TryDequeue(out var type))
        {
            if (!seen.Add(type))
            {
                continue;
            }

            foreach (var member in StateJson.Options.GetTypeInfo(type) is { Kind: JsonTypeInfoKind.Object } info ? info.Properties : [])
            {
                foreach (var held in Held(member.PropertyType).Where(t => t.Namespace?.StartsWith("Claw", StringComparison.Ordinal) == true))
                {
                    pending.Enqueue(held);
                }
            }
        }

        return seen;
    }

    private static IEnumerable<Type> Held(Type type) =>
        type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type) || Nullable.GetUnderlyingType(type) is not null
            ? type.GetGenericArguments().SelectMany(Held)
            : type.IsArray ? Held(type.GetElementType()!) : [type];
}
