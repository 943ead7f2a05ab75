using Claw.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Claw.Tests.Storage;

/// <summary>
/// The embedded database's log is copied into its file in the background (<c>Claw:SqliteCheckpointInterval</c>), not
/// only by the commit that fills the log past SQLite's 1,000 pages: a few tasks' rows reach the database file itself
/// within moments.
/// </summary>
public sealed class SqliteCheckpointTests
{
    [Theory]
    [InlineData("00:00:00.100", true)]
    [InlineData("00:00:00", false)]
    public async Task A_few_committed_tasks_reach_the_database_file_itself_only_with_the_background_checkpoint(string interval, bool copied)
    {
        using var data = new TempDirectory();
        await using var host = await ClawTestHost.StartAsync(data.Path, "--Claw:SqliteCheckpointInterval", interval);
        var api = new ClawApi(host.CreateClient());
        var queue = ClawApi.NewId("ckpt");
        for (var i = 0; i < 5; i++)
        {
            await api.SubmitAsync(queue);
        }

        var file = Path.Combine(data.Path, "claw.db");
        if (copied)
        {
            await Eventually.Until(() => Task.FromResult(TasksInFile(file, queue)), n => n == 5, TimeSpan.FromSeconds(10), "the tasks in the database file");
        }
        else
        {
            await Task.Delay(TimeSpan.FromSeconds(1)); // ten intervals of the default: still not there without the checkpointer
            Assert.Equal(0, TasksInFile(file, queue));
        }
    }

    /// <summary>The queue's tasks in the database file as it is on disk (<c>immutable=1</c>: without the log).</summary>
    private static long TasksInFile(string path, string queue)
    {
        using var connection = new SqliteConnection($"Data Source=file:{path}?immutable=1;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE name = 'claw_tasks'";
        if ((long)command.ExecuteScalar()! == 0)
        {
            return 0; // not even the schema has left the log
        }

        command.CommandText = "SELECT COUNT(*) FROM claw_tasks WHERE queue = @queue";
        command.Parameters.AddWithValue("@queue", queue);
        return (long)command.ExecuteScalar()!;
    }
}
