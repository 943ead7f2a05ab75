using Claw.Abstractions.Audit;
using Claw.Abstractions.Queries;
using Claw.Grains.Storage;
using Orleans.Concurrency;

namespace Claw.Grains.Audit;

/// <summary>The audit log's door for gateways and grains: records go to this silo's <see cref="AuditLog"/>, pages come from the table.</summary>
[StatelessWorker]
public sealed class AuditGrain(AuditLog log, ClawDatabase database) : Grain, IAuditGrain
{
    public Task RecordAsync(AuditEntry entry)
    {
        log.Record(entry);
        return Task.CompletedTask;
    }

    public Task<Page<AuditRecord>> ListAsync(AuditQuery query) => AuditStore.ListAsync(database, query);
}
