using NbTools.Core.Json;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Ganss.Xss;
using Markdig;
using NbTools.Core.Diffing.Notebook;
using NbTools.Core.Model;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Rendering.Html;

/// <summary>
/// One self-contained HTML page (no network, no script): each changed cell side by side, sources
/// as line diffs, Markdown rendered with Markdig, images shown, text escaped, HTML outputs cleaned
/// with HtmlSanitizer. A Content-Security-Policy that allows no script at all backs that up, so
/// nothing from a notebook ever runs in the page.
/// </summary>
public static partial class HtmlRenderer
{
    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    /// <summary>The page showing <paramref name="diff"/> of <paramref name="old"/> (named <paramref name="oldName"/>) and <paramref name="newName"/>.</summary>
    public static string Render(NotebookDiffResult diff, Model.Notebook old, string oldName, string newName)
    {
        var sanitizer = PageSanitizer.Create();
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"").Append(PageSanitizer.ContentSecurityPolicy).Append("\">\n")
            .Append("<title>nbtools diff: ").Append(E(oldName)).Append(" → ").Append(E(newName)).Append("</title>\n<style>").Append(Css).Append("</style></head><body>\n")
            .Append("<h1>").Append(E(oldName)).Append(" → ").Append(E(newName)).Append("</h1>\n");
        if (diff.IsEmpty) html.Append("<p class=\"same\">The notebooks are the same under this comparison.</p>\n");
        foreach (var change in diff.Cells.Where(DiffRendering.IsVisible))
        {
            html.Append("<section class=\"cell ").Append(change.Kind.ToString().ToLowerInvariant()).Append("\">\n<h2>").Append(E(DiffRendering.Header(change))).Append("</h2>\n<div class=\"sides\">");
            html.Append("<div class=\"side old\">").Append(Side(change.Old, change, '-', sanitizer)).Append("</div>");
            html.Append("<div class=\"side new\">").Append(Side(change.New, change, '+', sanitizer)).Append("</div></div>\n");
            var details = DiffRendering.Details(change, diff.Options);
            if (details.Count > 0) html.Append("<ul class=\"details\">").Append(string.Concat(details.Select(d => "<li>" + E(d) + "</li>"))).Append("</ul>\n");
            html.Append("</section>\n");
        }
        var notebookDetails = DiffRendering.NotebookDetails(diff, old);
        if (notebookDetails.Count > 0)
        {
            html.Append("<section class=\"notebook\"><h2>notebook</h2><ul class=\"details\">").Append(string.Concat(notebookDetails.Select(d => "<li>" + E(d) + "</li>"))).Append("</ul></section>\n");
        }
        html.Append("</body></html>\n");
        return html.ToString();
    }

    /// <summary>
    /// One cell as an HTML fragment in the diff's style (Markdown rendered, source with the lines and
    /// words changed since <paramref name="against"/> marked, outputs sanitised), for pages that
    /// show cells apart from a diff, such as <c>nbtools mergetool</c>.
    /// </summary>
    public static string CellFragment(Cell cell, Cell? against)
    {
        var change = new CellChange(CellChangeKind.Modified, null, null, against ?? cell, cell, []);
        return Side(cell, change, '+', PageSanitizer.Create());
    }

    private static string Side(Cell? cell, CellChange change, char kind, HtmlSanitizer sanitizer)
    {
        if (cell is null) return "<p class=\"absent\">(none)</p>";
        var html = new StringBuilder();
        if (cell.CellType == CellType.Markdown)
        {
            html.Append("<div class=\"markdown\">").Append(RenderMarkdown(cell.Source, sanitizer)).Append("</div>");
        }
        html.Append("<pre class=\"source\">");
        var lines = change.Old is not null && change.New is not null
            ? LineDiff.Compute(change.Old.Source, change.New.Source).Where(l => l.Kind == ' ' || l.Kind == kind)
            : cell.Source.Split('\n').Select(l => new LineDiff.Line(' ', [(l, false)]));
        foreach (var line in lines)
        {
            var css = line.Kind == ' ' ? "ctx" : kind == '-' ? "del" : "ins";
            html.Append("<span class=\"").Append(css).Append("\">");
            foreach (var (text, changed) in line.Pieces) html.Append(changed ? "<mark>" + E(text) + "</mark>" : E(text));
            html.Append("</span>"); // spans are blocks: no line break between them
        }
        html.Append("</pre>");
        foreach (var output in cell.Outputs) html.Append(Output(output.Content, sanitizer));
        return html.ToString();
    }

    private static string Output(JObject output, HtmlSanitizer sanitizer)
    {
        var type = output["output_type"].Str();
        if (type == "stream") return "<pre class=\"output stream\">" + E(StripAnsi(Text(output["text"]))) + "</pre>";
        if (type == "error")
        {
            var traceback = string.Join("\n", (output["traceback"] as JArray ?? []).Select(t => t.Str() ?? ""));
            return "<pre class=\"output error\">" + E(StripAnsi($"{output["ename"].Str()}: {output["evalue"].Str()}\n{traceback}")) + "</pre>";
        }
        if (output["data"] is not JObject data) return "<pre class=\"output\">" + E(ChangeDescriber.Kind(output)) + "</pre>";
        foreach (var image in new[] { "image/png", "image/jpeg", "image/gif" })
        {
            if (data[image] is { } value)
            {
                var base64 = Regex.Replace(Text(value), @"\s", "");
                if (Base64Pattern().IsMatch(base64)) return $"<img class=\"output\" alt=\"{image}\" src=\"data:{image};base64,{base64}\">";
            }
        }
        if (data["text/html"] is { } htmlValue) return "<div class=\"output html\">" + sanitizer.Sanitize(Text(htmlValue)) + "</div>";
        if (data["text/markdown"] is { } markdown) return "<div class=\"output markdown\">" + RenderMarkdown(Text(markdown), sanitizer) + "</div>";
        if (data["image/svg+xml"] is { } svg) return "<pre class=\"output svg\" title=\"SVG shown as source\">" + E(Text(svg)) + "</pre>";
        if (data["text/plain"] is { } plain) return "<pre class=\"output\">" + E(StripAnsi(Text(plain))) + "</pre>";
        var first = data.Properties().FirstOrDefault();
        return first is null ? "" : "<pre class=\"output\">" + E(first.Name + ": " + first.Value.ToString(Newtonsoft.Json.Formatting.Indented)) + "</pre>";
    }

    /// <summary>Markdown as sanitised HTML; text nested too deeply to parse is shown as escaped text.</summary>
    private static string RenderMarkdown(string markdown, HtmlSanitizer sanitizer) =>
        Formats.Markdown.MarkdownParsing.TryToHtml(markdown, Markdown) is { } rendered ? sanitizer.Sanitize(rendered) : "<pre>" + E(markdown) + "</pre>";

    private static string Text(JToken? token) => token is JArray array ? string.Concat(array.Select(t => t.Str())) : token?.Type == JTokenType.String ? (string)token! : token?.ToString() ?? "";

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string StripAnsi(string text) => AnsiPattern().Replace(text, "");

    [GeneratedRegex(@"\u001b\[[0-9;]*[A-Za-z]")]
    private static partial Regex AnsiPattern();

    [GeneratedRegex(@"^[A-Za-z0-9+/]*={0,2}$")]
    private static partial Regex Base64Pattern();

    private const string Css = """
        body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222}h1{font-size:1.2rem}
        section{border:1px solid #ccc;border-radius:6px;margin:1rem 0;padding:.5rem}
        section.added{border-color:#2a2}section.removed{border-color:#c33}section.moved{border-color:#36c}
        h2{font-size:1rem;margin:.2rem 0 .5rem}.sides{display:grid;grid-template-columns:1fr 1fr;gap:.5rem}
        .side{overflow:auto;background:#fafafa;padding:.3rem}pre{margin:0;white-space:pre-wrap;font-size:.85rem}
        .del{background:#fdd;display:block}.ins{background:#dfd;display:block}.ctx{display:block}
        mark{background:#fb3}.output{margin-top:.4rem;border-top:1px dashed #bbb;padding-top:.3rem}
        .error{color:#a00}.details{font-size:.85rem;color:#555}img.output{max-width:100%}.absent{color:#999}
        """;
}
