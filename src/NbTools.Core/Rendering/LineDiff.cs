using DiffPlex;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace NbTools.Core.Rendering;

/// <summary>A line diff of two texts with word-level pieces inside changed lines (DiffPlex).</summary>
public static class LineDiff
{
    /// <summary>One line of a diff: kind (' ', '-', '+') and its text split into pieces (changed words flagged).</summary>
    public sealed record Line(char Kind, IReadOnlyList<(string Text, bool Changed)> Pieces)
    {
        public string Text => string.Concat(Pieces.Select(p => p.Text));
    }

    public static List<Line> Compute(string oldText, string newText)
    {
        var model = SideBySideDiffBuilder.Diff(oldText, newText, ignoreWhiteSpace: false);
        var lines = new List<Line>();
        var (oldLines, newLines) = (model.OldText.Lines, model.NewText.Lines);
        var pendingAdded = new List<Line>();
        for (var k = 0; k < Math.Max(oldLines.Count, newLines.Count); k++)
        {
            var o = k < oldLines.Count ? oldLines[k] : null;
            var n = k < newLines.Count ? newLines[k] : null;
            if (o?.Type == ChangeType.Unchanged)
            {
                lines.AddRange(pendingAdded);
                pendingAdded.Clear();
                lines.Add(new Line(' ', [(o.Text ?? "", false)]));
                continue;
            }
            if (o is not null && o.Type is ChangeType.Deleted or ChangeType.Modified) lines.Add(new Line('-', Pieces(o)));
            if (n is not null && n.Type is ChangeType.Inserted or ChangeType.Modified) pendingAdded.Add(new Line('+', Pieces(n)));
        }
        lines.AddRange(pendingAdded);
        return lines;
    }

    private static List<(string, bool)> Pieces(DiffPiece piece)
    {
        if (piece.Type != ChangeType.Modified || piece.SubPieces.Count == 0) return [(piece.Text ?? "", false)];
        return piece.SubPieces.Where(s => s.Type != ChangeType.Imaginary).Select(s => (s.Text ?? "", s.Type != ChangeType.Unchanged)).ToList();
    }
}
