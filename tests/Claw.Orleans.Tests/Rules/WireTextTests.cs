using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Claw.Abstractions;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.Schedules;
using Claw.Abstractions.Tasks;
using Claw.Abstractions.Workflows;

namespace Claw.Tests.Rules;

public sealed class WireTextTests
{
    [Fact]
    public void Enum_values_read_as_the_api_writes_them()
    {
        Assert.Equal("in_progress", ClawTaskStatus.InProgress.Wire());
        Assert.Equal("waiting_input", StepStatus.WaitingInput.Wire());
        Assert.Equal("buffer_one", OverlapPolicy.BufferOne.Wire());
        Assert.Equal("offline", NodeStatus.Offline.Wire());
        Assert.Equal(["pending", "in_progress", "completed", "failed", "cancelled"], WireText.All<WorkflowStatus>());
    }

    [Fact]
    public void Every_enum_of_the_contract_has_the_same_text_as_its_json()
    {
        var json = new JsonSerializerOptions { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) } };
        var enums = typeof(ClawTaskStatus).Assembly.GetTypes().Where(t => t.IsEnum && t.IsPublic).ToList();
        Assert.True(enums.Count >= 10);
        foreach (var type in enums)
        {
            var wire = typeof(WireText).GetMethod(nameof(WireText.Wire))!.MakeGenericMethod(type);
            foreach (var value in Enum.GetValues(type))
            {
                Assert.Equal(JsonSerializer.Serialize(value, type, json).Trim('"'), wire.Invoke(null, [value]));
            }
        }
    }

    [Fact]
    public void Every_log_message_of_silo_and_gateway_takes_its_own_id_from_the_one_table()
    {
        var table = typeof(EventIds).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (int)f.GetValue(null)!).ToList();
        Assert.Equal(table.Count, table.Distinct().Count());

        Type[] assemblies = [typeof(Claw.Grains.Tasks.TaskGrain), typeof(Claw.Gateway.GatewayOptions), typeof(Claw.Silo.ClawHost)];
        var used = assemblies
            .SelectMany(a => a.Assembly.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .SelectMany(m => m.GetCustomAttributes<Microsoft.Extensions.Logging.LoggerMessageAttribute>().Select(a => (Method: $"{m.DeclaringType!.Name}.{m.Name}", a.EventId)))
            .ToList();
        Assert.True(used.Count >= table.Count, $"{used.Count} log messages found");
        Assert.All(used, u => Assert.Contains(u.EventId, table));
        Assert.Empty(used.GroupBy(u => u.EventId).Where(g => g.Count() > 1).Select(g => string.Join(", ", g.Select(u => u.Method))));
    }
}
