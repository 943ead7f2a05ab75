namespace Claw.Grains.Storage;

/// <summary>The kinds of value a companion column holds: <see cref="string"/>, <see cref="long"/>, or JSON text.</summary>
public enum CompanionType
{
    Text,
    Integer,
    Json,
}
