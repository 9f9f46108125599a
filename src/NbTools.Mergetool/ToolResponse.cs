using System.Text;

namespace NbTools.Mergetool;

/// <summary>What the server sends back, with the Content-Security-Policy of what it carries.</summary>
internal sealed record ToolResponse(int Status, string ContentType, byte[] Body, string ContentSecurityPolicy)
{
    /// <summary>
    /// The tool page's policy: only its own script and styles (served by this server with the token),
    /// requests only back to it, images only as data: URLs, no inline script or event handler ever.
    /// </summary>
    public const string PagePolicy = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src data:; connect-src 'self'; frame-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>The HTML diff's policy (no script at all), framed by the tool page only.</summary>
    public const string DiffPolicy = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; form-action 'none'; base-uri 'none'; frame-ancestors 'self'";

    /// <summary>A plain-text answer (errors and refusals).</summary>
    public static ToolResponse Text(int status, string text) => new(status, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(text + "\n"), "default-src 'none'");

    /// <summary>A JSON answer.</summary>
    public static ToolResponse Json(int status, string json) => new(status, "application/json; charset=utf-8", Encoding.UTF8.GetBytes(json), "default-src 'none'");
}
