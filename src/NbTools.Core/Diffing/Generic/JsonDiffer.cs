using Newtonsoft.Json.Linq;

namespace NbTools.Core.Diffing.Generic;

/// <summary>
/// The generic JSON differ: objects key by key, lists by alignment (equal items anchor, gaps of
/// equal length are patched pairwise, others removed and added), multi-line strings line by line.
/// Knows nothing about notebooks; the notebook policy lives in Diffing/Notebook.
/// </summary>
public static class JsonDiffer
{
    public static List<DiffOp> Diff(JToken a, JToken b)
    {
        if (a is JObject oa && b is JObject ob) return DiffObject(oa, ob);
        if (a is JArray la && b is JArray lb) return DiffList(la, lb);
        if (IsString(a) && IsString(b)) return DiffLines((string)a!, (string)b!);
        throw new ArgumentException("Diff needs two objects, two lists or two strings; use a replace for other values");
    }

    public static List<DiffOp> DiffObject(JObject a, JObject b)
    {
        var ops = new List<DiffOp>();
        var keys = a.Properties().Select(p => p.Name).Union(b.Properties().Select(p => p.Name)).OrderBy(k => k, StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var (va, vb) = (a[key], b[key]);
            if (va is null) ops.Add(DiffOp.Add(key, vb!.DeepClone()));
            else if (vb is null) ops.Add(DiffOp.Remove(key));
            else if (!JToken.DeepEquals(va, vb)) ops.Add(DiffValue(key, va, vb));
        }
        return ops;
    }

    /// <summary>A patch when both values can be diffed inside, else a replace.</summary>
    public static DiffOp DiffValue(JToken key, JToken a, JToken b)
    {
        var patchable = (a is JObject && b is JObject) || (a is JArray && b is JArray) || (IsString(a) && IsString(b) && (((string)a!).Contains('\n') || ((string)b!).Contains('\n')));
        return patchable ? DiffOp.Patch(key, Diff(a, b)) : DiffOp.Replace(key, b.DeepClone());
    }

    public static List<DiffOp> DiffList(JArray a, JArray b)
    {
        var pairs = SequenceAligner.Align(a.ToList(), b.ToList(), TokenComparer.Instance);
        return ListOps(a.Count, b.Count, pairs, (i, j) => JToken.DeepEquals(a[i], b[j]) ? null : DiffValue(i, a[i], b[j]), j => b[j].DeepClone());
    }

    /// <summary>
    /// List ops from aligned pairs: in each gap, items pairwise patched when the gap has as many old
    /// as new items of the same kind, else removed and added.
    /// </summary>
    public static List<DiffOp> ListOps(int countA, int countB, IReadOnlyList<(int A, int B)> pairs, Func<int, int, DiffOp?> patch, Func<int, JToken> newValue)
    {
        var ops = new List<DiffOp>();
        var (pa, pb) = (0, 0);
        foreach (var (i, j) in pairs.Append((countA, countB)))
        {
            var (removed, added) = (i - pa, j - pb);
            if (removed > 0 && removed == added)
            {
                for (var k = 0; k < removed; k++)
                {
                    if (patch(pa + k, pb + k) is { } op) ops.Add(op);
                }
            }
            else
            {
                if (added > 0) ops.Add(DiffOp.AddRange(pa, new JArray(Enumerable.Range(pb, added).Select(newValue))));
                if (removed > 0) ops.Add(DiffOp.RemoveRange(pa, removed));
            }
            if (i < countA && j < countB && patch(i, j) is { } same) ops.Add(same);
            (pa, pb) = (i + 1, j + 1);
        }
        return ops;
    }

    /// <summary>A string diffed as its lines (each with its line break), by index of line.</summary>
    public static List<DiffOp> DiffLines(string a, string b)
    {
        var la = Lines(a);
        var lb = Lines(b);
        var pairs = SequenceAligner.Align(la, lb, StringComparer.Ordinal);
        var ops = new List<DiffOp>();
        var (pa, pb) = (0, 0);
        foreach (var (i, j) in pairs.Append((la.Count, lb.Count)))
        {
            if (j > pb) ops.Add(DiffOp.AddRange(pa, new JArray(lb.Skip(pb).Take(j - pb))));
            if (i > pa) ops.Add(DiffOp.RemoveRange(pa, i - pa));
            (pa, pb) = (i + 1, j + 1);
        }
        return ops;
    }

    public static List<string> Lines(string text) => NbTools.Core.Text.PythonLines.SplitKeepEnds(text);

    private static bool IsString(JToken t) => t.Type == JTokenType.String;

    /// <summary>Deep equality with a structural hash.</summary>
    public sealed class TokenComparer : IEqualityComparer<JToken>
    {
        public static readonly TokenComparer Instance = new();

        public bool Equals(JToken? x, JToken? y) => JToken.DeepEquals(x, y);

        public int GetHashCode(JToken obj) => obj switch
        {
            JValue v => v.Value?.GetHashCode() ?? 0,
            JArray a => a.Count * 31 + (a.Count > 0 ? GetHashCode(a[0]) : 0),
            JObject o => o.Properties().Aggregate(17, (h, p) => h ^ p.Name.GetHashCode(StringComparison.Ordinal) ^ GetHashCode(p.Value) * 7),
            _ => 0,
        };
    }
}
