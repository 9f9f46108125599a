using NbTools.Core.Diffing.Generic;
using NbTools.Core.Text;

namespace NbTools.Core.Merging;

/// <summary>
/// Three-way merge of texts line by line, as <c>git merge-file</c> does: lines both sides kept
/// unchanged anchor the merge; between anchors a change on one side is taken, the same change on
/// both is taken once, and different changes are a conflict.
/// </summary>
public static class LineMerger
{
    /// <summary>The merged text and whether it holds a conflict.</summary>
    public static (string Text, bool Conflict) Merge(string baseText, string local, string remote, MergeStrategy strategy, MergeOptions options)
    {
        if (local == remote || remote == baseText) return (local, false);
        if (local == baseText) return (remote, false);
        var b = PythonLines.SplitKeepEnds(baseText);
        var l = PythonLines.SplitKeepEnds(local);
        var r = PythonLines.SplitKeepEnds(remote);
        var matchL = Match(b, l);
        var matchR = Match(b, r);
        var output = new List<string>();
        var conflict = false;
        int bi = 0, li = 0, ri = 0;
        while (true)
        {
            var k = bi;
            while (k < b.Count && !(matchL[k] >= li && matchR[k] >= ri)) k++;
            var (lEnd, rEnd) = k < b.Count ? (matchL[k], matchR[k]) : (l.Count, r.Count);
            var baseChunk = b.GetRange(bi, k - bi);
            var localChunk = l.GetRange(li, lEnd - li);
            var remoteChunk = r.GetRange(ri, rEnd - ri);
            if (localChunk.SequenceEqual(baseChunk)) output.AddRange(remoteChunk);
            else if (remoteChunk.SequenceEqual(baseChunk) || localChunk.SequenceEqual(remoteChunk)) output.AddRange(localChunk);
            else
            {
                switch (strategy)
                {
                    case MergeStrategy.Ours: output.AddRange(localChunk); break;
                    case MergeStrategy.Theirs: output.AddRange(remoteChunk); break;
                    case MergeStrategy.Base: output.AddRange(baseChunk); break;
                    case MergeStrategy.Union: output.AddRange(localChunk.Select(Ended)); output.AddRange(remoteChunk); break;
                    default:
                        conflict = true;
                        output.AddRange(Markers(localChunk, remoteChunk, options));
                        break;
                }
            }
            if (k >= b.Count) break;
            output.Add(b[k]);
            (bi, li, ri) = (k + 1, lEnd + 1, rEnd + 1);
        }
        var text = string.Concat(output);
        // A marker block closing the text ends with a line break only if the sides' texts did
        // (notebook sources usually do not end with one; git merge-file and nbdime agree).
        if (conflict && text.EndsWith('\n') && !local.EndsWith('\n') && !remote.EndsWith('\n') && text.EndsWith(new string('>', options.MarkerSize) + " " + options.RemoteLabel + "\n", StringComparison.Ordinal))
        {
            text = text[..^1];
        }
        return (text, conflict);
    }

    /// <summary>git-style markers around the two versions; every line ends with a line break inside.</summary>
    public static List<string> Markers(List<string> local, List<string> remote, MergeOptions options)
    {
        var lines = new List<string> { new string('<', options.MarkerSize) + " " + options.LocalLabel + "\n" };
        lines.AddRange(local.Select(Ended));
        lines.Add(new string('=', options.MarkerSize) + "\n");
        lines.AddRange(remote.Select(Ended));
        lines.Add(new string('>', options.MarkerSize) + " " + options.RemoteLabel + "\n");
        return lines;
    }

    private static string Ended(string line) => line.EndsWith('\n') ? line : line + "\n";

    private static int[] Match(List<string> baseLines, List<string> other)
    {
        var match = Enumerable.Repeat(-1, baseLines.Count).ToArray();
        foreach (var (i, j) in SequenceAligner.Align(baseLines, other, StringComparer.Ordinal)) match[i] = j;
        return match;
    }
}
