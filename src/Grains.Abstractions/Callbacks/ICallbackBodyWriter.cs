using Claw.Abstractions.Tasks;

namespace Claw.Abstractions.Callbacks;

/// <summary>
/// Writes a callback's body, <c>{"event": …, "task": …}</c>, with the task exactly as <c>GET /tasks/{id}</c> shows it:
/// the gateway owns that shape, the silo's sender signs and posts the bytes.
/// </summary>
public interface ICallbackBodyWriter
{
    byte[] Write(string eventType, TaskView task);
}
