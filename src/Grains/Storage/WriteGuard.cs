namespace Claw.Grains.Storage;

/// <summary>
/// A condition a state update must meet besides its version, checked by the database in the same statement, so that a
/// rule spanning several rows (at most so many leased tasks per lane) holds even when two activations of the grain
/// that counts them each believe they have room.
/// </summary>
/// <param name="Predicate">SQL added to the update's <c>WHERE</c> with <c>AND</c>; may use <c>@id</c> and its own parameters. Kept to a few texts: each is prepared once.</param>
/// <param name="Parameters">The predicate's own parameters.</param>
/// <param name="Locks">
/// Names the transaction locks before it runs the update (PostgreSQL advisory locks): under read committed two
/// transactions could otherwise each count the rows the other is writing. SQLite has one writer and needs none.
/// </param>
public sealed record WriteGuard(string Predicate, IReadOnlyList<(string Name, object? Value)> Parameters, IReadOnlyList<string> Locks);
