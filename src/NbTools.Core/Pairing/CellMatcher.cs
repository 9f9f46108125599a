using NbTools.Core.Model;

namespace NbTools.Core.Pairing;

/// <summary>
/// Matches the cells of an edited text to the cells of the notebook: by exact type and source
/// first (in order, so a moved cell is still found), then – only between the exact matches around
/// them – by similarity of their lines. Never by position alone: a cell inserted before an edited
/// one does not inherit its outputs.
/// </summary>
internal static class CellMatcher
{
    /// <summary>The minimum similarity (0–1) for an edited cell to be taken for an old one.</summary>
    public const double Threshold = 0.5;

    /// <summary>For each new cell, the index of the old cell it continues, or -1; and whether that match is exact.</summary>
    public static (int[] OldIndex, bool[] Exact) Match(IReadOnlyList<Cell> oldCells, IReadOnlyList<Cell> newCells)
    {
        var oldIndex = Enumerable.Repeat(-1, newCells.Count).ToArray();
        var exact = new bool[newCells.Count];
        var used = new bool[oldCells.Count];

        var byContent = new Dictionary<(string, string), Queue<int>>();
        for (var i = 0; i < oldCells.Count; i++)
        {
            var key = (oldCells[i].CellType, oldCells[i].Source);
            if (!byContent.TryGetValue(key, out var queue)) byContent[key] = queue = new Queue<int>();
            queue.Enqueue(i);
        }
        for (var j = 0; j < newCells.Count; j++)
        {
            if (byContent.TryGetValue((newCells[j].CellType, newCells[j].Source), out var queue) && queue.Count > 0)
            {
                var i = queue.Dequeue();
                oldIndex[j] = i;
                exact[j] = true;
                used[i] = true;
            }
        }

        // Similarity, inside each gap between exact matches (increasing old positions).
        var j0 = 0;
        while (j0 < newCells.Count)
        {
            if (oldIndex[j0] >= 0) { j0++; continue; }
            var j1 = j0;
            while (j1 < newCells.Count && oldIndex[j1] < 0) j1++;
            var low = PreviousMatchedOld(oldIndex, j0);
            var high = j1 < newCells.Count ? oldIndex[j1] : oldCells.Count;
            if (high < low) high = oldCells.Count; // cells moved around: search to the end
            var candidates = new List<(double Score, int New, int Old)>();
            var characters = (long)(j1 - j0) * Math.Max(0, high - low - 1) <= CharacterDiffBudget;
            for (var j = j0; j < j1; j++)
            {
                for (var i = low + 1; i < high; i++)
                {
                    if (used[i] || oldCells[i].CellType != newCells[j].CellType) continue;
                    var score = Similarity(oldCells[i].Source, newCells[j].Source, characters);
                    if (score >= Threshold) candidates.Add((score, j, i));
                }
            }
            foreach (var (_, j, i) in candidates.OrderByDescending(c => c.Score).ThenBy(c => Math.Abs(c.New - c.Old)))
            {
                if (oldIndex[j] >= 0 || used[i]) continue;
                oldIndex[j] = i;
                used[i] = true;
            }
            j0 = j1;
        }
        return (oldIndex, exact);
    }

    private static int PreviousMatchedOld(int[] oldIndex, int j)
    {
        for (var k = j - 1; k >= 0; k--) if (oldIndex[k] >= 0) return oldIndex[k];
        return -1;
    }

    /// <summary>
    /// How alike two sources are (0–1): the Dice coefficient of their lines (trimmed); for short
    /// sources, the share of characters a character diff keeps, when that is higher.
    /// </summary>
    public static double Similarity(string a, string b, bool allowCharacterDiff = true)
    {
        if (a == b) return 1;
        var lines = LineSimilarity(a, b);
        if (lines >= Threshold || !allowCharacterDiff || a.Length + b.Length > 2000) return lines;
        return Math.Max(lines, CharacterDiffSimilarity(a, b));
    }

    /// <summary>Gaps with more candidate pairs than this compare lines only (a character diff per pair would be too slow).</summary>
    public const int CharacterDiffBudget = 400;

    private static double CharacterDiffSimilarity(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0) return 0;
        var diff = DiffPlex.Differ.Instance.CreateCharacterDiffs(a, b, ignoreWhitespace: false);
        var deleted = diff.DiffBlocks.Sum(d => d.DeleteCountA);
        var inserted = diff.DiffBlocks.Sum(d => d.InsertCountB);
        return (double)(a.Length - deleted + b.Length - inserted) / (a.Length + b.Length);
    }

    private static double LineSimilarity(string a, string b)
    {
        var la = a.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        var lb = b.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        if (la.Count <= 1 && lb.Count <= 1) return CharacterSimilarity(a.Trim(), b.Trim());
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var l in la) counts[l] = counts.GetValueOrDefault(l) + 1;
        var common = 0;
        foreach (var l in lb)
        {
            if (counts.GetValueOrDefault(l) > 0)
            {
                counts[l]--;
                common++;
            }
        }
        return 2.0 * common / (la.Count + lb.Count);
    }

    private static double CharacterSimilarity(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0) return 0;
        var prefix = 0;
        while (prefix < Math.Min(a.Length, b.Length) && a[prefix] == b[prefix]) prefix++;
        var suffix = 0;
        while (suffix < Math.Min(a.Length, b.Length) - prefix && a[^(suffix + 1)] == b[^(suffix + 1)]) suffix++;
        return 2.0 * (prefix + suffix) / (a.Length + b.Length);
    }
}
