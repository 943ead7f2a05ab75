using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace Claw.Grains.Storage;

/// <summary>One versioned schema file.</summary>
public sealed record SchemaScript(string Version, string Sql, string Checksum)
{
    public static IReadOnlyList<SchemaScript> Load(StorageKind kind)
    {
        var assembly = typeof(SchemaScript).Assembly;
        var prefix = $"schema/{(kind == StorageKind.Sqlite ? "sqlite" : "postgres")}/";
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name => FromResource(assembly, name, name[prefix.Length..]))
            .ToList();
    }

    private static SchemaScript FromResource(Assembly assembly, string resource, string version)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var sql = reader.ReadToEnd();
        var checksum = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sql)));
        return new SchemaScript(version, sql, checksum);
    }
}
