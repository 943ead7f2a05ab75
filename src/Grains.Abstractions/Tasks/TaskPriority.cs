namespace Claw.Abstractions.Tasks;

/// <summary>Dispatch order: higher first, FIFO inside one priority.</summary>
[GenerateSerializer]
public enum TaskPriority
{
    Low = 0,
    Normal = 1,
    High = 2,
    Critical = 3,
}
