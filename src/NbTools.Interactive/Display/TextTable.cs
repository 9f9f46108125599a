namespace NbTools.Interactive.Display;

/// <summary>The plain-text twin of <see cref="HtmlParts.Table"/>: columns padded to their widest cell.</summary>
internal static class TextTable
{
    /// <summary>The rows (and a header row when given) as aligned text, one line each.</summary>
    public static string Render(IReadOnlyList<string>? header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = new List<IReadOnlyList<string>>();
        if (header is not null) all.Add(header);
        all.AddRange(rows);
        if (all.Count == 0) return "";
        var widths = Enumerable.Range(0, all[0].Count).Select(c => all.Max(r => r[c].Length)).ToArray();
        return string.Concat(all.Select(r => string.Join("  ", r.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd() + "\n"));
    }
}
