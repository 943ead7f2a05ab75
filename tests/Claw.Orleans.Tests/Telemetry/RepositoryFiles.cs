namespace Claw.Tests.Telemetry;

/// <summary>Files of this repository (deploy/, docs/), found from the test binary by walking up to the solution.</summary>
public static class RepositoryFiles
{
    public static string Path(params string[] parts)
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "Claw.Orleans.sln")))
            {
                return System.IO.Path.Combine([folder.FullName, .. parts]);
            }
        }

        throw new DirectoryNotFoundException($"no Claw.Orleans.sln above {AppContext.BaseDirectory}");
    }
}
