using Microsoft.Extensions.FileProviders;

namespace Claw.Gateway.OperatorConsole; // not …Console: a namespace of that name would hide System.Console in this assembly

/// <summary>
/// The operator console at <c>/console</c>: plain HTML, one CSS file and ES modules embedded in this assembly
/// (<c>Console/wwwroot</c>), so every gateway serves it with no files beside it and no build step. The page holds no
/// data: everything it shows it reads from the API with the operator's credentials.
/// </summary>
public static class ConsoleStaticFiles
{
    public const string Path = "/console";

    /// <summary>
    /// What the browser may do with these pages: run only our own scripts and styles, talk only to this server, never be
    /// framed; no referrer leaves with a link.
    /// </summary>
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static WebApplication UseClawConsole(this WebApplication app)
    {
        var files = new ManifestEmbeddedFileProvider(typeof(ConsoleStaticFiles).Assembly, "Console/wwwroot");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, RequestPath = Path });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            RequestPath = Path,
            OnPrepareResponse = context => Secure(context.Context.Response.Headers),
        });
        return app;
    }

    private static void Secure(IHeaderDictionary headers)
    {
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        headers.CacheControl = "no-cache"; // revalidated by ETag: a new build's console is seen at once
    }
}
