using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Claw.Tests.Infrastructure;

/// <summary>
/// A headless Chromium (the Debian package <c>test.sh</c> installs when absent; <c>CLAW_TEST_CHROMIUM</c> names another
/// binary) driven over the DevTools Protocol: no WebDriver, no browser download. Each instance has its own profile
/// folder and an OS-chosen debugging port, and is killed with its children on dispose.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly TempDirectory _profile;
    private readonly List<BrowserPage> _pages = [];

    private HeadlessChromium(Process process, TempDirectory profile, Uri endpoint)
    {
        _process = process;
        _profile = profile;
        Endpoint = endpoint;
    }

    /// <summary>The browser's DevTools HTTP endpoint (<c>/json/list</c> and friends).</summary>
    public Uri Endpoint { get; }

    public static async Task<HeadlessChromium> StartAsync()
    {
        var executable = Executable()
            ?? throw new Xunit.Sdk.XunitException("No Chromium found (chromium, chromium-browser or CLAW_TEST_CHROMIUM); ./test.sh installs the Debian package chromium.");
        var profile = new TempDirectory();
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string[] args =
        [
            "--headless", "--disable-gpu", "--hide-scrollbars", "--window-size=1400,1000", "--force-device-scale-factor=1",
            "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
            "--disable-dev-shm-usage", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
            $"--user-data-dir={profile.Path}", "about:blank",
        ];
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        if (Environment.UserName == "root")
        {
            // Chromium refuses to sandbox itself as root (test containers run as root); only this test browser, on
            // pages of our own test host, runs without it.
            start.ArgumentList.Add("--no-sandbox");
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { }; // drained, so a chatty browser never blocks on a full pipe
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            return new HeadlessChromium(process, profile, await EndpointAsync(process, profile.Path));
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            profile.Dispose();
            throw;
        }
    }

    /// <summary>The browser's first tab, connected.</summary>
    public async Task<BrowserPage> OpenPageAsync()
    {
        using var http = new HttpClient { BaseAddress = Endpoint, Timeout = TimeSpan.FromSeconds(30) };
        var target = await Eventually.Until(
            async () => (await http.GetFromJsonAsync<JsonElement>("/json/list")).EnumerateArray().FirstOrDefault(t => t.Str("type") == "page"),
            t => t.ValueKind == JsonValueKind.Object, StartTimeout, "a page target");
        var page = await BrowserPage.OpenAsync(await DevToolsConnection.ConnectAsync(new Uri(target.Str("webSocketDebuggerUrl"))));
        _pages.Add(page);
        return page;
    }

    private static string? Executable()
    {
        if (Environment.GetEnvironmentVariable("CLAW_TEST_CHROMIUM") is { Length: > 0 } configured)
        {
            return configured;
        }

        var folders = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return new[] { "chromium", "chromium-browser", "google-chrome" }
            .SelectMany(name => folders.Select(folder => Path.Combine(folder, name)))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>The port Chromium chose, from the <c>DevToolsActivePort</c> file it writes into its profile.</summary>
    private static async Task<Uri> EndpointAsync(Process process, string profile)
    {
        var file = Path.Combine(profile, "DevToolsActivePort");
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new Xunit.Sdk.XunitException($"Chromium exited at start with code {process.ExitCode}.");
            }

            if (File.Exists(file) && (await File.ReadAllLinesAsync(file)) is [var port, ..] && int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                return new Uri($"http://127.0.0.1:{number}/");
            }

            await Task.Delay(100);
        }

        throw new Xunit.Sdk.XunitException($"Chromium did not open its debugging port within {StartTimeout}.");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var page in _pages)
        {
            await page.DisposeAsync();
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        _profile.Dispose();
    }
}
