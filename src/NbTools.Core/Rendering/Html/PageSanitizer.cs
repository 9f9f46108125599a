using Ganss.Xss;

namespace NbTools.Core.Rendering.Html;

/// <summary>
/// The HtmlSanitizer configuration for notebook HTML and Markdown in NbTools' pages, strict enough
/// to hold even without the page's Content-Security-Policy: CSS limited to an allow-list of
/// typographic properties (no <c>position</c>, <c>margin</c>, <c>z-index</c>, <c>display</c> or
/// anything taking a <c>url()</c>, so a cell cannot cover the page or load anything), and URLs
/// other than a link's target limited to <c>data:</c> (no remote images).
/// </summary>
public static class PageSanitizer
{
    /// <summary>The CSS properties notebook content may use.</summary>
    public static readonly IReadOnlySet<string> CssAllowList = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "color", "background-color", "font-family", "font-size", "font-style", "font-weight", "font-variant",
        "text-align", "text-decoration", "text-transform", "text-indent", "line-height", "letter-spacing", "word-spacing",
        "white-space", "vertical-align", "list-style-type", "border", "border-collapse", "border-color", "border-style",
        "border-width", "border-top", "border-right", "border-bottom", "border-left", "border-spacing", "border-radius",
        "padding", "padding-top", "padding-right", "padding-bottom", "padding-left", "width", "max-width", "min-width",
        "caption-side", "empty-cells", "table-layout",
    };

    /// <summary>The policy every NbTools page carries: nothing loads, nothing runs, nothing is submitted.</summary>
    public const string ContentSecurityPolicy = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>A sanitizer with NbTools' rules.</summary>
    public static HtmlSanitizer Create()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedCssProperties.Clear();
        foreach (var property in CssAllowList) sanitizer.AllowedCssProperties.Add(property);
        sanitizer.AllowedTags.Remove("form");
        sanitizer.AllowedTags.Remove("button");
        sanitizer.AllowedTags.Remove("input");
        sanitizer.AllowedTags.Remove("textarea");
        sanitizer.AllowedTags.Remove("select");
        sanitizer.AllowedSchemes.Add("data");
        sanitizer.FilterUrl += (_, e) =>
        {
            var isLink = e.Tag?.LocalName is "a" or "area";
            var isData = e.OriginalUrl.TrimStart().StartsWith("data:image/", StringComparison.OrdinalIgnoreCase);
            if (isLink ? e.OriginalUrl.TrimStart().StartsWith("data:", StringComparison.OrdinalIgnoreCase) : !isData) e.SanitizedUrl = null;
        };
        return sanitizer;
    }
}
