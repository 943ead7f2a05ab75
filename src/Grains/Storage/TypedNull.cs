using System.Data;

namespace Claw.Grains.Storage;

/// <summary>
/// A null parameter that keeps its column's type. Npgsql runs an auto-prepared statement only with the parameter types
/// it was prepared with, and sends an untyped null as "unknown": a row written once with a lease and once without
/// would run its statement unprepared, parsed and planned anew each time, for every task write.
/// </summary>
public sealed record TypedNull(DbType Type)
{
    public static readonly TypedNull Text = new(DbType.String);

    public static readonly TypedNull Integer = new(DbType.Int64);

    /// <summary>The null of <paramref name="column"/>'s type.</summary>
    public static TypedNull Of(StateColumn column) => column.IsInteger ? Integer : Text;
}
