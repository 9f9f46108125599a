using System.Net;
using System.Text;

namespace NbTools.Interactive.Display;

/// <summary>HTML pieces for notebook outputs. Every text from a notebook or a store goes through <see cref="Escape"/>.</summary>
internal static class HtmlParts
{
    /// <summary>Escapes text for an element's content or a quoted attribute.</summary>
    public static string Escape(string text) => WebUtility.HtmlEncode(text);

    /// <summary>
    /// A whole HTML page (a diff or a run comparison, each with its own styles) shown inside the
    /// notebook in an iframe with an empty <c>sandbox</c>: no script of the page can run, and its
    /// styles do not leak into the notebook. The page is already escaped by its renderer; this is
    /// the second wall.
    /// </summary>
    public static string SandboxedPage(string page, string title, int height) =>
        $"<iframe sandbox=\"\" title=\"{Escape(title)}\" style=\"width:100%;height:{height}px;border:1px solid #ccc;resize:vertical\" srcdoc=\"{Escape(page)}\"></iframe>";

    /// <summary>A table (with a header row when given); cells are escaped.</summary>
    public static string Table(string cssClass, IReadOnlyList<string>? header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var html = new StringBuilder();
        html.Append("<table class=\"").Append(Escape(cssClass)).Append("\">\n");
        if (header is not null)
        {
            html.Append("<thead><tr>");
            foreach (var cell in header) html.Append("<th style=\"text-align:left\">").Append(Escape(cell)).Append("</th>");
            html.Append("</tr></thead>\n");
        }
        html.Append("<tbody>\n");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            foreach (var cell in row) html.Append("<td style=\"text-align:left\">").Append(Escape(cell)).Append("</td>");
            html.Append("</tr>\n");
        }
        html.Append("</tbody>\n</table>");
        return html.ToString();
    }

    /// <summary>A paragraph of escaped text.</summary>
    public static string Paragraph(string text) => "<p>" + Escape(text) + "</p>";
}
