using System.Text.Json;

namespace Claw.Tests.Infrastructure;

/// <summary>
/// One browser tab as a person uses it: open an address, wait for what the page shows, click with the mouse (real input
/// events at the element's place on screen, not a script's <c>click()</c>), and keep a screenshot.
/// </summary>
public sealed class BrowserPage : IAsyncDisposable
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(60);

    private BrowserPage(DevToolsConnection devTools) => DevTools = devTools;

    public DevToolsConnection DevTools { get; }

    public static async Task<BrowserPage> OpenAsync(DevToolsConnection devTools)
    {
        foreach (var domain in new[] { "Page.enable", "Runtime.enable", "Log.enable" })
        {
            await devTools.CallAsync(domain);
        }

        return new BrowserPage(devTools);
    }

    public async Task NavigateAsync(Uri address)
    {
        await DevTools.CallAsync("Page.navigate", new { url = address.ToString() });
        await WaitForAsync("document.readyState === 'complete'", "the page to load");
    }

    /// <summary>Runs a script expression in the page (a promise is awaited) and answers its value as JSON.</summary>
    public async Task<JsonElement> EvaluateAsync(string expression)
    {
        var answer = await DevTools.CallAsync("Runtime.evaluate", new { expression, returnByValue = true, awaitPromise = true });
        if (answer.TryGetProperty("exceptionDetails", out var failure))
        {
            throw new Xunit.Sdk.XunitException($"The page threw evaluating {expression}: {failure}");
        }

        return answer.GetProperty("result").TryGetProperty("value", out var value) ? value.Clone() : default;
    }

    /// <summary>Waits until <paramref name="expression"/> is truthy in the page, then answers its value.</summary>
    public Task<JsonElement> WaitForAsync(string expression, string what) =>
        Eventually.Until(() => EvaluateAsync(expression), Truthy, WaitTimeout, $"{what} ({expression})");

    /// <summary>The text of the first element matching <paramref name="selector"/>, or null when there is none.</summary>
    public async Task<string?> TextAsync(string selector)
    {
        var text = await EvaluateAsync($"document.querySelector({Js(selector)})?.textContent ?? null");
        return text.ValueKind == JsonValueKind.String ? text.GetString() : null;
    }

    /// <summary>
    /// Moves the mouse to the middle of the element (of its first line, for a link that wraps) and presses and releases
    /// its left button there.
    /// </summary>
    public async Task ClickAsync(string selector)
    {
        var place = await WaitForAsync(
            $$"""(() => { const e = document.querySelector({{Js(selector)}}); if (!e || e.disabled) return null; e.scrollIntoView({ block: 'center' }); const r = e.getClientRects()[0]; return { x: r.x + r.width / 2, y: r.y + r.height / 2 }; })()""",
            $"an enabled {selector} to click");
        var (x, y) = (place.GetProperty("x").GetDouble(), place.GetProperty("y").GetDouble());
        await DevTools.CallAsync("Input.dispatchMouseEvent", new { type = "mouseMoved", x, y });
        await DevTools.CallAsync("Input.dispatchMouseEvent", new { type = "mousePressed", x, y, button = "left", clickCount = 1 });
        await DevTools.CallAsync("Input.dispatchMouseEvent", new { type = "mouseReleased", x, y, button = "left", clickCount = 1 });
    }

    /// <summary>Types text into the focused element, as a keyboard would.</summary>
    public Task TypeAsync(string text) => DevTools.CallAsync("Input.insertText", new { text });

    /// <summary>Saves what the tab shows as a PNG; answers its path.</summary>
    public async Task<string> ScreenshotAsync(string path)
    {
        var shot = await DevTools.CallAsync("Page.captureScreenshot", new { format = "png" });
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, Convert.FromBase64String(shot.Str("data")));
        return path;
    }

    /// <summary>A C# string as a JavaScript string literal.</summary>
    public static string Js(string text) => JsonSerializer.Serialize(text);

    private static bool Truthy(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.False => false,
        JsonValueKind.String => value.GetString()!.Length > 0,
        JsonValueKind.Number => value.GetDouble() != 0,
        _ => true,
    };

    public ValueTask DisposeAsync() => DevTools.DisposeAsync();
}
