using NbTools.Core.Diffing.Generic;
using NbTools.Core.Formats.Ipynb;
using NbTools.Core.Json;
using NbTools.Core.Model;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Diffing.Notebook;

/// <summary>
/// The notebook policy on top of the generic differ: cells aligned by <see cref="CellAligner"/>,
/// each pair compared under the <see cref="DiffOptions"/> (cells whose bytes are untouched and
/// equal are skipped without parsing their outputs), moves recorded for people and expressed as
/// remove + add in the nbdime-format ops.
/// </summary>
internal static class NotebookDiffer
{
    public static NotebookDiffResult Compute(Model.Notebook a, Model.Notebook b, DiffOptions options)
    {
        var (inOrder, moved) = CellAligner.Align(a.Cells, b.Cells);
        var pairedA = new Dictionary<int, int>();
        foreach (var (i, j) in inOrder) pairedA[i] = j;
        var movedByB = moved.ToDictionary(p => p.B, p => p.A);
        var inOrderB = inOrder.ToDictionary(p => p.B, p => p.A);
        var movedA = new HashSet<int>(moved.Select(p => p.A));

        var cellOps = new List<DiffOp>();
        var changes = new List<CellChange>();
        var cellDiffs = new Dictionary<int, IReadOnlyList<DiffOp>>(); // by b index
        foreach (var (i, j) in inOrder.Concat(moved)) cellDiffs[j] = DiffCell(a.Cells[i], b.Cells[j], options);

        // nbdime-format ops on the cells list, keyed by old index.
        var insertAt = new SortedDictionary<int, List<int>>(); // old index -> new cells inserted before it
        var nextA = a.Cells.Count;
        for (var j = b.Cells.Count - 1; j >= 0; j--)
        {
            if (inOrderB.TryGetValue(j, out var here))
            {
                nextA = here;
                continue;
            }
            if (!insertAt.TryGetValue(nextA, out var list)) insertAt[nextA] = list = [];
            list.Insert(0, j);
        }
        var keys = new SortedSet<int>(insertAt.Keys);
        for (var i = 0; i < a.Cells.Count; i++) keys.Add(i);
        var runStart = -1;
        var runLength = 0;
        void FlushRemoval()
        {
            if (runLength > 0) cellOps.Add(DiffOp.RemoveRange(runStart, runLength));
            runLength = 0;
        }
        foreach (var i in keys)
        {
            if (insertAt.TryGetValue(i, out var added))
            {
                FlushRemoval();
                cellOps.Add(DiffOp.AddRange(i, new JArray(added.Select(j => NotebookJson.Cell(b.Cells[j], options)))));
            }
            if (i >= a.Cells.Count) continue;
            if (pairedA.TryGetValue(i, out var jj))
            {
                FlushRemoval();
                if (cellDiffs[jj].Count > 0) cellOps.Add(DiffOp.Patch(i, cellDiffs[jj]));
            }
            else
            {
                if (runLength == 0) runStart = i;
                runLength++;
            }
        }
        FlushRemoval();

        // Cell by cell, in the new notebook's order, removed cells where they stood.
        var removed = Enumerable.Range(0, a.Cells.Count).Where(i => !pairedA.ContainsKey(i) && !movedA.Contains(i)).ToList();
        var r = 0;
        for (var j = 0; j < b.Cells.Count; j++)
        {
            if (inOrderB.TryGetValue(j, out var i))
            {
                while (r < removed.Count && removed[r] < i) changes.Add(Removed(a, removed[r++]));
                var ops = cellDiffs[j];
                changes.Add(new CellChange(ops.Count > 0 ? CellChangeKind.Modified : CellChangeKind.Unchanged, i, j, a.Cells[i], b.Cells[j], ops));
            }
            else if (movedByB.TryGetValue(j, out var from))
            {
                changes.Add(new CellChange(CellChangeKind.Moved, from, j, a.Cells[from], b.Cells[j], cellDiffs[j]));
            }
            else
            {
                changes.Add(new CellChange(CellChangeKind.Added, null, j, null, b.Cells[j], []));
            }
        }
        while (r < removed.Count) changes.Add(Removed(a, removed[r++]));

        var notebookOps = new List<DiffOp>();
        if (options.Metadata)
        {
            var (ma, mb) = (NotebookJson.Of(new Model.Notebook { Metadata = a.Metadata }, options)["metadata"]!, NotebookJson.Of(new Model.Notebook { Metadata = b.Metadata }, options)["metadata"]!);
            if (!JToken.DeepEquals(ma, mb)) notebookOps.Add(JsonDiffer.DiffValue("metadata", ma, mb));
        }
        if (a.NbFormat != b.NbFormat) notebookOps.Add(DiffOp.Replace("nbformat", b.NbFormat));
        if (a.NbFormatMinor != b.NbFormatMinor) notebookOps.Add(DiffOp.Replace("nbformat_minor", b.NbFormatMinor));

        var all = new List<DiffOp>();
        if (cellOps.Count > 0) all.Add(DiffOp.Patch("cells", cellOps));
        all.AddRange(notebookOps);
        return new NotebookDiffResult(all, changes, notebookOps, options);
    }

    private static CellChange Removed(Model.Notebook a, int i) => new(CellChangeKind.Removed, i, null, a.Cells[i], null, []);

    /// <summary>The diff of two cells; cells untouched since read and byte-equal are equal without parsing.</summary>
    private static IReadOnlyList<DiffOp> DiffCell(Cell a, Cell b, DiffOptions options)
    {
        if (IpynbWriter.SameUntouchedBytes(a, b)) return [];
        if (a.CellType == b.CellType && a.Source == b.Source && a.Id == b.Id && a.ExecutionCount == b.ExecutionCount
            && a.Outputs.Count == b.Outputs.Count && a.Outputs.Zip(b.Outputs).All(p => LazyToken.SameValue(p.First.Token, p.Second.Token))
            && Cell.SameMetadata(a, b) && JToken.DeepEquals(a.Attachments, b.Attachments))
        {
            return [];
        }
        return JsonDiffer.DiffObject(NotebookJson.Cell(a, options), NotebookJson.Cell(b, options));
    }
}
