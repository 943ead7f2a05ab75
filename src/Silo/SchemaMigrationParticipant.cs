using Claw.Grains.Storage;
using Orleans.Runtime;

namespace Claw.Silo;

/// <summary>Brings the schema up to date before any provider (clustering, reminders, storage) reads its queries.</summary>
internal sealed class SchemaMigrationParticipant(SchemaMigrator migrator) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SchemaMigrationParticipant), ServiceLifecycleStage.First, ct => migrator.ApplyAsync(ct));
}
