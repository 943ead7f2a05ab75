using System.Collections.Immutable;

namespace Claw.Abstractions.Sessions;

/// <summary>
/// Live sessions across the cluster, as soft state: node grains report attach, keep-alive and detach; an entry not
/// refreshed within three keep-alive periods is dropped, so a dead gateway's sessions vanish by themselves and the
/// directory rebuilds itself within one period after its silo dies. Touched per connection, never per task.
/// </summary>
[Alias("claw.ISessionDirectoryGrain")]
public interface ISessionDirectoryGrain : IGrainWithIntegerKey
{
    [OneWay, Alias("upsert")]
    Task UpsertAsync(SessionInfo session);

    [OneWay, Alias("remove")]
    Task RemoveAsync(string nodeId, string sessionId);

    [Alias("list")]
    Task<ImmutableArray<SessionInfo>> ListAsync();
}
