using NbTools.Core.Model;

namespace NbTools.Core.Formats.Text;

/// <summary>
/// A first raw cell that is exactly a YAML front matter (<c>---</c>, a mapping, <c>---</c>) is
/// written into the text header, as jupytext does, and read back into the same raw cell.
/// </summary>
public static class FrontMatter
{
    /// <summary>The YAML lines of the first cell when it can go into the header exactly, else null.</summary>
    public static List<string>? Of(IReadOnlyList<Cell> cells, MetadataFilter cellFilter)
    {
        if (cells.Count == 0 || cells[0].CellType != CellType.Raw) return null;
        var cell = cells[0];
        if (CellMetadataView.Shown(cell, cellFilter, null).Count > 0) return null;
        var lines = TextLines.OfSource(cell.Source);
        if (lines.Count < 3 || lines[0] != "---" || lines[^1] != "---") return null;
        var inner = lines.GetRange(1, lines.Count - 2);
        if (inner.Any(l => l == "---" || l.StartsWith("jupyter", StringComparison.Ordinal) || l.Length == 0 || char.IsWhiteSpace(l[0]) && inner.IndexOf(l) == 0 || l.Contains('\r')))
        {
            return null;
        }
        try
        {
            return YamlHeader.Parse(inner).Count == 0 ? null : inner;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// Splits header YAML lines into the <c>jupyter:</c> block and the other lines (front matter),
    /// as jupytext does: the block runs from <c>jupyter:</c> to the next unindented line.
    /// </summary>
    public static (List<string> Jupyter, List<string> Other) Split(IReadOnlyList<string> yaml)
    {
        var jupyter = new List<string>();
        var other = new List<string>();
        var inJupyter = false;
        foreach (var line in yaml)
        {
            if (line.TrimEnd() == "jupyter:") inJupyter = true;
            else if (line.Length > 0 && !char.IsWhiteSpace(line[0])) inJupyter = false;
            (inJupyter ? jupyter : other).Add(line);
        }
        return (jupyter, other);
    }

    /// <summary>The raw cell for front-matter lines.</summary>
    public static Cell ToCell(IReadOnlyList<string> other) => new(CellType.Raw, "---\n" + string.Join("\n", other) + "\n---");
}
