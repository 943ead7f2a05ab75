using Claw.Abstractions.Queries;

namespace Claw.Abstractions.Audit;

/// <summary>
/// The audit log's door for callers without a database of their own (a gateway process): records go into the silo's
/// batched writer; reads come straight from the table. A stateless worker, so each silo takes its own gateway's records.
/// </summary>
[Alias("claw.IAuditGrain")]
public interface IAuditGrain : IGrainWithIntegerKey
{
    [OneWay, Alias("record")]
    Task RecordAsync(AuditEntry entry);

    [Alias("list")]
    Task<Page<AuditRecord>> ListAsync(AuditQuery query);
}
