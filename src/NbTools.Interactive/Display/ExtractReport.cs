using NbTools.Extraction;

namespace NbTools.Interactive.Display;

/// <summary>
/// What <c>#!extract</c> shows: a summary (cells taken, skipped and rewritten, files written), then
/// one row per note of the extraction report – every cell taken or skipped and every line rewritten, and why.
/// </summary>
internal sealed class ExtractReport(ExtractResult result, bool check)
{
    private static readonly string[] Header = ["cell", "line", "what", "why"];

    /// <summary>The summary lines, the same in both renderings.</summary>
    public IReadOnlyList<string> Summary()
    {
        var lines = new List<string>();
        var written = result.Files.Count(f => f.State == ExtractedFileState.Written);
        var stale = result.Files.Where(f => f.State == ExtractedFileState.Stale).Select(f => f.Path).ToList();
        if (check)
        {
            lines.Add(stale.Count == 0 ? $"{result.Project}: up to date" : $"{result.Project}: stale, run #!extract again ({stale.Count} file(s) missing or different: {string.Join(", ", stale)})");
        }
        else
        {
            lines.Add($"{result.Project}: {written} file(s) written, {result.Files.Count - written} unchanged");
        }
        lines.Add($"cells: {Cells(ExtractNoteKind.Taken)} taken, {Cells(ExtractNoteKind.Skipped)} skipped, {Cells(ExtractNoteKind.Rewritten)} rewritten ({Count(ExtractNoteKind.Rewritten)} rewrite(s)), {Count(ExtractNoteKind.Warning)} warning(s)");
        return lines;
    }

    public string Html() =>
        string.Concat(Summary().Select(HtmlParts.Paragraph)) + (result.Report.Count == 0 ? "" : HtmlParts.Table("nbtools-extract", Header, Rows()));

    public string Text() =>
        string.Concat(Summary().Select(l => l + "\n")) + (result.Report.Count == 0 ? "" : "\n" + TextTable.Render(Header, Rows()));

    private int Cells(ExtractNoteKind kind) => result.Report.Where(n => n.Kind == kind && n.Cell is not null).Select(n => (n.Notebook, n.Cell)).Distinct().Count();

    private int Count(ExtractNoteKind kind) => result.Report.Count(n => n.Kind == kind);

    private IEnumerable<IReadOnlyList<string>> Rows() =>
        result.Report.Select(n => (IReadOnlyList<string>)[n.Cell?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "", n.Line?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "", n.Kind.ToString().ToLowerInvariant(), n.Message]);
}
