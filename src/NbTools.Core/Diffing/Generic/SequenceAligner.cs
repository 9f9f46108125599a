namespace NbTools.Core.Diffing.Generic;

/// <summary>
/// Aligns two sequences by equality in close to linear time: items that occur exactly once in
/// both anchor the alignment (patience diff), the longest increasing chain of anchors is kept,
/// and the gaps between anchors are aligned recursively, falling back to a bounded LCS.
/// </summary>
public static class SequenceAligner
{
    /// <summary>Pairs (i, j) of equal items, increasing in both indices.</summary>
    public static List<(int A, int B)> Align<T>(IReadOnlyList<T> a, IReadOnlyList<T> b, IEqualityComparer<T>? comparer = null) where T : notnull
    {
        comparer ??= EqualityComparer<T>.Default;
        var pairs = new List<(int, int)>();
        AlignRange(a, 0, a.Count, b, 0, b.Count, comparer, pairs, depth: 0);
        return pairs;
    }

    private static void AlignRange<T>(IReadOnlyList<T> a, int a0, int a1, IReadOnlyList<T> b, int b0, int b1, IEqualityComparer<T> comparer, List<(int, int)> pairs, int depth) where T : notnull
    {
        // Common prefix and suffix.
        while (a0 < a1 && b0 < b1 && comparer.Equals(a[a0], b[b0])) pairs.Add((a0++, b0++));
        var tail = new List<(int, int)>();
        while (a0 < a1 && b0 < b1 && comparer.Equals(a[a1 - 1], b[b1 - 1])) tail.Add((--a1, --b1));
        if (a0 < a1 && b0 < b1)
        {
            var anchors = UniqueAnchors(a, a0, a1, b, b0, b1, comparer);
            if (anchors.Count > 0 && depth < 64)
            {
                var (pa, pb) = (a0, b0);
                foreach (var (i, j) in anchors)
                {
                    AlignRange(a, pa, i, b, pb, j, comparer, pairs, depth + 1);
                    pairs.Add((i, j));
                    (pa, pb) = (i + 1, j + 1);
                }
                AlignRange(a, pa, a1, b, pb, b1, comparer, pairs, depth + 1);
            }
            else if ((long)(a1 - a0) * (b1 - b0) <= 4_000_000)
            {
                pairs.AddRange(Lcs(a, a0, a1, b, b0, b1, comparer));
            }
        }
        tail.Reverse();
        pairs.AddRange(tail);
    }

    /// <summary>Items unique on both sides, matched, reduced to their longest increasing chain.</summary>
    private static List<(int, int)> UniqueAnchors<T>(IReadOnlyList<T> a, int a0, int a1, IReadOnlyList<T> b, int b0, int b1, IEqualityComparer<T> comparer) where T : notnull
    {
        var counts = new Dictionary<T, (int CountA, int IndexA, int CountB, int IndexB)>(comparer);
        for (var i = a0; i < a1; i++)
        {
            counts.TryGetValue(a[i], out var c);
            counts[a[i]] = (c.CountA + 1, i, c.CountB, c.IndexB);
        }
        for (var j = b0; j < b1; j++)
        {
            if (!counts.TryGetValue(b[j], out var c)) continue;
            counts[b[j]] = (c.CountA, c.IndexA, c.CountB + 1, j);
        }
        var matches = counts.Values.Where(c => c.CountA == 1 && c.CountB == 1).Select(c => (c.IndexA, c.IndexB)).OrderBy(p => p.IndexA).ToList();
        return LongestIncreasing(matches);
    }

    /// <summary>The longest chain of pairs increasing in the second index (pairs come sorted by the first).</summary>
    public static List<(int, int)> LongestIncreasing(List<(int A, int B)> pairs)
    {
        var tails = new List<int>();
        var previous = new int[pairs.Count];
        var tailIndex = new List<int>();
        for (var k = 0; k < pairs.Count; k++)
        {
            var value = pairs[k].B;
            int lo = 0, hi = tails.Count;
            while (lo < hi)
            {
                var mid = (lo + hi) / 2;
                if (tails[mid] < value) lo = mid + 1;
                else hi = mid;
            }
            previous[k] = lo > 0 ? tailIndex[lo - 1] : -1;
            if (lo == tails.Count)
            {
                tails.Add(value);
                tailIndex.Add(k);
            }
            else
            {
                tails[lo] = value;
                tailIndex[lo] = k;
            }
        }
        var chain = new List<(int, int)>();
        for (var k = tailIndex.Count > 0 ? tailIndex[^1] : -1; k >= 0; k = previous[k]) chain.Add(pairs[k]);
        chain.Reverse();
        return chain;
    }

    private static List<(int, int)> Lcs<T>(IReadOnlyList<T> a, int a0, int a1, IReadOnlyList<T> b, int b0, int b1, IEqualityComparer<T> comparer)
    {
        int n = a1 - a0, m = b1 - b0;
        var table = new int[n + 1, m + 1];
        for (var i = n - 1; i >= 0; i--)
        {
            for (var j = m - 1; j >= 0; j--)
            {
                table[i, j] = comparer.Equals(a[a0 + i], b[b0 + j]) ? table[i + 1, j + 1] + 1 : Math.Max(table[i + 1, j], table[i, j + 1]);
            }
        }
        var result = new List<(int, int)>();
        for (int i = 0, j = 0; i < n && j < m;)
        {
            if (comparer.Equals(a[a0 + i], b[b0 + j])) { result.Add((a0 + i, b0 + j)); i++; j++; }
            else if (table[i + 1, j] >= table[i, j + 1]) i++;
            else j++;
        }
        return result;
    }
}
