namespace Claw.Grains.Storage;

/// <summary>A state update its <see cref="WriteGuard"/> refused: the row is still at the version memory holds, nothing was written.</summary>
public sealed class WriteRefusedException(string message) : Exception(message);
