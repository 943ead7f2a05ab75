using System.Collections.Immutable;

namespace Claw.Grains.Instances;

/// <summary>Reading the end of an instance's log, and removing its folder.</summary>
public static class LogTail
{
    public static ImmutableArray<string> Read(string path, int lines)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var kept = new Queue<string>(lines);
        while (reader.ReadLine() is { } line)
        {
            if (kept.Count == lines)
            {
                kept.Dequeue();
            }

            kept.Enqueue(line);
        }

        return [.. kept];
    }

    public static async Task DeleteFolderAsync(string root)
    {
        for (var attempt = 0; attempt < 3 && Directory.Exists(root); attempt++)
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                await Task.Delay(200); // a helper process wrote its last line just now
            }
        }
    }
}
