namespace Claw.Grains.Storage;

/// <summary>A queryable column that a state table keeps beside the JSON document.</summary>
public sealed record StateColumn(string Name, bool IsJson = false);
