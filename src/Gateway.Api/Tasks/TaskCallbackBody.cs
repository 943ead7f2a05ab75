using System.Text.Json;
using Claw.Abstractions.Callbacks;
using Claw.Abstractions.Tasks;
using Claw.Gateway.Http;

namespace Claw.Gateway.Tasks;

/// <summary>A callback's body: <c>{"event": "task.completed", "task": {…}}</c>, the task as <c>GET /tasks/{id}</c> answers it.</summary>
public sealed class TaskCallbackBody : ICallbackBodyWriter
{
    private static readonly JsonSerializerOptions Json = Options();

    public byte[] Write(string eventType, TaskView task) => JsonSerializer.SerializeToUtf8Bytes(new { Event = eventType, Task = TaskResponse.From(task) }, Json);

    private static JsonSerializerOptions Options()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        ClawJson.Configure(options);
        return options;
    }
}
