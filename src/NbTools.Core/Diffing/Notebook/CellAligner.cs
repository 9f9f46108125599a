using NbTools.Core.Diffing.Generic;
using NbTools.Core.Model;
using NbTools.Core.Pairing;

namespace NbTools.Core.Diffing.Notebook;

/// <summary>
/// Aligns the cells of two notebooks in close to linear time: by cell id (when both sides carry
/// it), then by exact type and source, then by similarity only inside the gaps left between
/// matches – never all pairs. Matches out of order are moves. A diff pairs only cells of one type
/// (a type change shows as a deletion and an insertion, as in nbdime); a merge passes
/// <c>acrossTypes</c> so a cell whose type changed stays one cell and its type is merged.
/// </summary>
internal static class CellAligner
{
    public static (List<(int A, int B)> InOrder, List<(int A, int B)> Moved) Align(IReadOnlyList<Cell> a, IReadOnlyList<Cell> b, bool acrossTypes = false)
    {
        var match = Enumerable.Repeat(-1, b.Count).ToArray(); // b index -> a index
        var usedA = new bool[a.Count];

        // 1. Ids present and unique on both sides.
        var idsA = UniqueIds(a);
        var idsB = UniqueIds(b);
        foreach (var (id, j) in idsB)
        {
            if (idsA.TryGetValue(id, out var i) && (acrossTypes || a[i].CellType == b[j].CellType))
            {
                match[j] = i;
                usedA[i] = true;
            }
        }

        // 2. Exact content, aligned as sequences so repeated cells pair up in order.
        var restA = Enumerable.Range(0, a.Count).Where(i => !usedA[i]).ToList();
        var restB = Enumerable.Range(0, b.Count).Where(j => match[j] < 0).ToList();
        var keysA = restA.Select(i => a[i].CellType + "\0" + a[i].Source).ToList();
        var keysB = restB.Select(j => b[j].CellType + "\0" + b[j].Source).ToList();
        foreach (var (x, y) in SequenceAligner.Align(keysA, keysB, StringComparer.Ordinal))
        {
            match[restB[y]] = restA[x];
            usedA[restA[x]] = true;
        }
        // Exact copies that moved (not found in order above).
        var byContent = new Dictionary<string, Queue<int>>(StringComparer.Ordinal);
        foreach (var i in Enumerable.Range(0, a.Count).Where(i => !usedA[i]))
        {
            var key = a[i].CellType + "\0" + a[i].Source;
            if (!byContent.TryGetValue(key, out var q)) byContent[key] = q = new Queue<int>();
            q.Enqueue(i);
        }
        for (var j = 0; j < b.Count; j++)
        {
            if (match[j] >= 0) continue;
            if (byContent.TryGetValue(b[j].CellType + "\0" + b[j].Source, out var q) && q.Count > 0)
            {
                match[j] = q.Dequeue();
                usedA[match[j]] = true;
            }
        }

        // 3. Similarity, only between neighbouring matches.
        var j0 = 0;
        while (j0 < b.Count)
        {
            if (match[j0] >= 0) { j0++; continue; }
            var j1 = j0;
            while (j1 < b.Count && match[j1] < 0) j1++;
            var low = -1;
            for (var k = j0 - 1; k >= 0; k--) if (match[k] >= 0) { low = match[k]; break; }
            var high = j1 < b.Count ? match[j1] : a.Count;
            if (high < low) high = a.Count;
            var comparisons = (long)(j1 - j0) * Math.Max(0, high - low - 1);
            if (comparisons <= 20_000)
            {
                var characters = comparisons <= CellMatcher.CharacterDiffBudget;
                var candidates = new List<(double Score, int B, int A)>();
                for (var j = j0; j < j1; j++)
                {
                    for (var i = low + 1; i < high; i++)
                    {
                        if (usedA[i] || (!acrossTypes && a[i].CellType != b[j].CellType)) continue;
                        var score = CellMatcher.Similarity(a[i].Source, b[j].Source, characters);
                        if (score >= CellMatcher.Threshold) candidates.Add((score, j, i));
                    }
                }
                foreach (var (_, j, i) in candidates.OrderByDescending(c => c.Score).ThenBy(c => Math.Abs(c.B - c.A)))
                {
                    if (match[j] >= 0 || usedA[i]) continue;
                    match[j] = i;
                    usedA[i] = true;
                }
            }
            j0 = j1;
        }

        // In order: the longest chain increasing on both sides; the other matches moved.
        var pairs = Enumerable.Range(0, b.Count).Where(j => match[j] >= 0).Select(j => (A: match[j], B: j)).OrderBy(p => p.A).ToList();
        var inOrder = SequenceAligner.LongestIncreasing(pairs);
        var kept = new HashSet<(int, int)>(inOrder);
        var moved = pairs.Where(p => !kept.Contains(p)).ToList();
        return (inOrder.Select(p => (A: p.Item1, B: p.Item2)).ToList(), moved);
    }

    private static Dictionary<string, int> UniqueIds(IReadOnlyList<Cell> cells)
    {
        var seen = new Dictionary<string, int>(cells.Count, StringComparer.Ordinal);
        var duplicate = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < cells.Count; i++)
        {
            if (cells[i].Id is not { } id) continue;
            if (!seen.TryAdd(id, i)) duplicate.Add(id);
        }
        foreach (var id in duplicate) seen.Remove(id);
        return seen;
    }
}
