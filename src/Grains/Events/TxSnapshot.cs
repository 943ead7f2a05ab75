namespace Claw.Grains.Events;

/// <summary>
/// The transactions a PostgreSQL read could not see: every id below <see cref="Xmin"/> had ended when it ran, and
/// <see cref="Xmax"/> was the next id to be given out.
/// </summary>
public readonly record struct TxSnapshot(long Xmin, long Xmax);
