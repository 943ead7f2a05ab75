namespace Claw.Grains.Storage;

/// <summary>
/// A queryable column that a state table keeps beside the JSON document. <paramref name="IsInteger"/>: a BIGINT that
/// may be null, whose null is sent as a BIGINT too (<see cref="TypedNull"/>).
/// </summary>
public sealed record StateColumn(string Name, bool IsJson = false, bool IsInteger = false);
