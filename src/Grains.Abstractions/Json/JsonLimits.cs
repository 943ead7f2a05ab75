using System.Text.Json;
using Claw.Abstractions.Errors;

namespace Claw.Abstractions.Json;

/// <summary>
/// The one set of JSON depth limits every reader and writer of client documents (payload, result, metadata, progress
/// data) uses. A client may nest <see cref="MaxDepth"/> levels; the server adds a few (a workflow step's
/// <c>payload.inputs[step]</c> holds a dependency's result two levels down), which <see cref="StoredDepth"/> leaves
/// room for; and an answer wraps a stored document in a few more (a page's item, a frame's payload), which
/// <see cref="WriteDepth"/> leaves room for. So nothing accepted at the door can fail on the way out.
/// </summary>
public static class JsonLimits
{
    /// <summary>The deepest document a client may send (objects and arrays nested in each other).</summary>
    public const int MaxDepth = 32;

    /// <summary>The deepest stored document a reader takes; deeper (stored before this limit) reads as unreadable.</summary>
    public const int StoredDepth = MaxDepth + 8;

    /// <summary>The deepest an answer may be: a stored document inside the deepest envelope, with room to spare.</summary>
    public const int WriteDepth = 64;

    /// <summary>Default of <c>Claw:Tasks:MaxPayloadBytes</c>: the largest payload, result, metadata or progress data.</summary>
    public const int DefaultMaxDocumentBytes = 256 * 1024;

    /// <summary>
    /// What a stored document that cannot be rendered is replaced by in an answer:
    /// <c>{"claw_error":{"code":"stored_json_unreadable","detail":…}}</c>.
    /// </summary>
    public static string Unreadable(string detail) =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["claw_error"] = new Dictionary<string, string> { ["code"] = ErrorCodes.StoredJsonUnreadable, ["detail"] = detail },
        });
}
