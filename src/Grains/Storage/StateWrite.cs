namespace Claw.Grains.Storage;

/// <summary>What a state write does to its row: creates it, changes it, or deletes it.</summary>
public enum StateWrite
{
    Insert,
    Update,
    Delete,
}
