using System.Net;
using System.Text.RegularExpressions;

namespace NbTools.Interactive.Tests;

/// <summary>Reads the page out of the sandboxed iframe the extension shows whole pages in.</summary>
internal static partial class Sandbox
{
    /// <summary>Asserts the HTML is one iframe with an empty sandbox (no script may run) and returns the page it shows.</summary>
    public static string Page(string html)
    {
        var match = IframePattern().Match(html);
        Assert.True(match.Success, "not a sandboxed iframe: " + html[..Math.Min(300, html.Length)]);
        Assert.Equal(html.Length, match.Length);
        Assert.DoesNotContain("<", match.Groups["page"].Value);
        return WebUtility.HtmlDecode(match.Groups["page"].Value);
    }

    [GeneratedRegex("^<iframe sandbox=\"\" title=\"[^\"<]*\" style=\"[^\"<]*\" srcdoc=\"(?<page>[^\"]*)\"></iframe>$")]
    private static partial Regex IframePattern();
}
