using NbTools.Core.Diffing.Notebook;
using NbTools.Core.Model;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Rendering;

/// <summary>What every renderer needs to know about a diff: names, and per change its header and details.</summary>
public static class DiffRendering
{
    /// <summary>"cell 4 · code · modified", "cell 7 moved to 3 · code · “def f(x):”", "cell 2 · markdown · added".</summary>
    public static string Header(CellChange change)
    {
        var cell = change.New ?? change.Old!;
        var number = (change.NewIndex ?? change.OldIndex ?? 0) + 1;
        return change.Kind switch
        {
            CellChangeKind.Moved => $"cell {change.OldIndex + 1} moved to {change.NewIndex + 1} · {cell.CellType}" + (change.IsModified ? " · modified" : "") + Preview(cell.Source),
            CellChangeKind.Removed => $"cell {change.OldIndex + 1} · {cell.CellType} · removed",
            CellChangeKind.Added => $"cell {number} · {cell.CellType} · added",
            _ => $"cell {number} · {cell.CellType} · {(change.IsModified ? "modified" : "unchanged")}",
        };
    }

    /// <summary>Which cell it is: its first non-blank line, shortened (a move has no diff to show it by).</summary>
    private static string Preview(string source)
    {
        var first = source.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);
        if (first is null) return " · (empty)";
        return " · “" + (first.Length > 60 ? first[..57] + "…" : first) + "”";
    }

    /// <summary>True when the source of a changed cell differs (or the cell was added or removed).</summary>
    public static bool SourceChanged(CellChange change) =>
        change.Old is null || change.New is null || change.Ops.Any(o => o.Key.ToString() == "source");

    /// <summary>Details other than the source.</summary>
    public static List<string> Details(CellChange change, DiffOptions options)
    {
        if (change.Old is null || change.New is null || change.Ops.Count == 0) return [];
        return ChangeDescriber.Describe(change.Ops, NotebookJson.Cell(change.Old, options), NotebookJson.Cell(change.New, options));
    }

    /// <summary>Notebook-level changes (metadata, nbformat).</summary>
    public static List<string> NotebookDetails(NotebookDiffResult diff, Model.Notebook old)
    {
        var lines = new List<string>();
        var oldJson = new JObject { ["metadata"] = NotebookJson.Of(new Model.Notebook { Metadata = old.Metadata }, diff.Options)["metadata"], ["nbformat"] = old.NbFormat, ["nbformat_minor"] = old.NbFormatMinor };
        foreach (var op in diff.NotebookOps) lines.AddRange(ChangeDescriber.Paths(op.Key.ToString(), op, oldJson[op.Key.ToString()]));
        return lines;
    }

    /// <summary>The lines a cell's source diff shows: changed lines with a little context, or the whole source of an added/removed cell.</summary>
    public static List<LineDiff.Line> SourceLines(CellChange change, int context = 2)
    {
        if (change.Old is null) return TextLines(change.New!.Source, '+');
        if (change.New is null) return TextLines(change.Old.Source, '-');
        var all = LineDiff.Compute(change.Old.Source, change.New.Source);
        var keep = new bool[all.Count];
        for (var i = 0; i < all.Count; i++)
        {
            if (all[i].Kind == ' ') continue;
            for (var k = Math.Max(0, i - context); k <= Math.Min(all.Count - 1, i + context); k++) keep[k] = true;
        }
        var shown = new List<LineDiff.Line>();
        for (var i = 0; i < all.Count; i++)
        {
            if (keep[i]) shown.Add(all[i]);
            else if (i > 0 && keep[i - 1]) shown.Add(new LineDiff.Line('…', [("…", false)]));
        }
        return shown;
    }

    private static List<LineDiff.Line> TextLines(string source, char kind) =>
        source.Split('\n').Select(l => new LineDiff.Line(kind, [(l, false)])).ToList();

    public static bool IsVisible(CellChange change) => change.Kind != CellChangeKind.Unchanged;
}
