using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Claw.Tests.Infrastructure;
using Npgsql;

namespace Claw.Tests.Security;

/// <summary>
/// Trust across silos on PostgreSQL: a key revoked through one silo is refused by another within a second, and silos
/// form their cluster over TLS (Orleans' connection package) when <c>Claw:Tls</c> names a certificate.
/// </summary>
public sealed class ClusterTrustTests
{
    private const string Admin = "claw_000000000c1a5e75_cluster-trust-tests-admin-secret-0";

    [Fact]
    public async Task A_key_revoked_through_one_silo_is_refused_by_another_within_a_second()
    {
        await using var postgres = await PostgresDatabase.CreateAsync();
        using var dataA = new TempDirectory();
        using var dataB = new TempDirectory();
        string[] args = ["--storage", "postgres", "--connection-string", postgres.ConnectionString, "--cluster-id", "claw-revoke",
            "--Claw:Auth:Mode", "Required", "--Claw:Auth:BootstrapKey", Admin, "--Claw:Auth:KeyCacheDuration", "00:05:00"];
        await using var a = await ClawTestHost.StartAsync(dataA.Path, args);
        await using var b = await ClawTestHost.StartAsync(dataB.Path, args);
        using var adminA = Client(a, Admin);
        var created = await (await adminA.PostJsonAsync("/api/v1/auth/keys", """{"name":"doomed","role":"reader"}""")).EnsureSuccessStatusCode().ReadJsonAsync();
        using var onB = Client(b, created.Str("key"));
        (await onB.GetAsync("/api/v1/tasks?limit=1")).EnsureSuccessStatusCode(); // B caches the key, for five minutes

        // Both silos' caches subscribe at start; wait until B's subscription is in (a subscribe races the first request).
        await Task.Delay(TimeSpan.FromSeconds(1));
        (await adminA.DeleteAsync($"/api/v1/auth/keys/{created.Str("id")}")).EnsureSuccessStatusCode();
        var revokedAt = Stopwatch.StartNew();
        await Eventually.Until(async () => (await onB.GetAsync("/api/v1/tasks?limit=1")).StatusCode, s => s == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(1), "silo B to refuse the revoked key");
        Assert.True(revokedAt.Elapsed < TimeSpan.FromSeconds(1), $"refused after {revokedAt.Elapsed.TotalMilliseconds:0} ms");

        // The database is the truth after a restart: a new silo never accepts it.
        using var dataC = new TempDirectory();
        await using var c = await ClawTestHost.StartAsync(dataC.Path, args);
        await (await Client(c, created.Str("key")).GetAsync("/api/v1/tasks")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task Two_silos_form_one_cluster_over_tls()
    {
        await using var postgres = await PostgresDatabase.CreateAsync();
        using var certificates = new TempDirectory();
        var (cluster, password) = (Path.Combine(certificates.Path, "cluster.pfx"), "pfx-" + Guid.NewGuid().ToString("N"));
        WriteSelfSigned(cluster, password, "claw-cluster");
        using var dataA = new TempDirectory();
        using var dataB = new TempDirectory();
        var passwordFile = Path.Combine(certificates.Path, "password");
        await File.WriteAllTextAsync(passwordFile, password + "\n");
        string[] args = ["--storage", "postgres", "--connection-string", postgres.ConnectionString, "--cluster-id", "claw-tls",
            "--Claw:Tls:CertificatePath", cluster, "--Claw:Tls:CertificatePasswordFile", passwordFile];
        var siloPortA = FreePort.Next();
        await using var a = await ClawTestHost.StartAsync(dataA.Path, [.. args, "--silo-port", siloPortA.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await using var b = await ClawTestHost.StartAsync(dataB.Path, args);
        Assert.Equal(2, await ActiveSilosAsync(postgres.ConnectionString, "claw-tls"));

        // Grains of one silo answer calls made through the other: the cluster really talks over the TLS connections.
        var apiA = new ClawApi(a.CreateClient());
        var apiB = new ClawApi(b.CreateClient());
        var queue = ClawApi.NewId("q");
        var tasks = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            tasks.Add((await apiA.SubmitAsync(queue)).Str("id"));
        }

        foreach (var task in tasks)
        {
            Assert.Equal("pending", await apiB.StatusAsync(task));
        }

        // The silo port speaks TLS and shows the cluster's certificate.
        var address = await SiloAddressAsync(postgres.ConnectionString, siloPortA);
        Assert.Equal(ClawTlsThumbprint(cluster, password), await PresentedThumbprintAsync(address, siloPortA));
    }

    private static async Task<int> ActiveSilosAsync(string connectionString, string clusterId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM orleansmembershiptable WHERE deploymentid = @cluster AND status = 3", connection);
        command.Parameters.AddWithValue("@cluster", clusterId);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The address a silo advertises (it listens on this machine's address, not on loopback, in PostgreSQL mode).</summary>
    private static async Task<IPAddress> SiloAddressAsync(string connectionString, int port)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT address FROM orleansmembershiptable WHERE port = @port AND status = 3", connection);
        command.Parameters.AddWithValue("@port", port);
        return IPAddress.Parse((string)(await command.ExecuteScalarAsync())!);
    }

    private static string ClawTlsThumbprint(string pfx, string password)
    {
        using var certificate = X509CertificateLoader.LoadPkcs12FromFile(pfx, password);
        return Claw.Gateway.Hosting.ClawTls.Thumbprint(certificate);
    }

    /// <summary>Opens a TLS handshake with the silo port and answers the thumbprint of the certificate the silo shows.</summary>
    private static async Task<string?> PresentedThumbprintAsync(IPAddress address, int port)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(address, port);
        string? seen = null;
        await using var tls = new System.Net.Security.SslStream(tcp.GetStream(), false, (_, certificate, _, _) =>
        {
            seen = certificate is null ? null : Claw.Gateway.Hosting.ClawTls.Thumbprint(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
            return true;
        });
        try
        {
            await tls.AuthenticateAsClientAsync(new System.Net.Security.SslClientAuthenticationOptions { TargetHost = "claw-cluster" }).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is System.Security.Authentication.AuthenticationException or IOException or TimeoutException)
        {
            // The silo wants a client certificate this probe does not have; the server's certificate was seen first.
        }

        return seen;
    }

    private static void WriteSelfSigned(string path, string password, string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
    }

    private static HttpClient Client(ClawTestHost host, string key)
    {
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }
}
