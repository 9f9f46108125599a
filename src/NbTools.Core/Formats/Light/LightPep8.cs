using NbTools.Core.Formats.Percent;
using NbTools.Core.Formats.Text;

namespace NbTools.Core.Formats.Light;

/// <summary>
/// How many blank lines separate two cells of a Python light script: two around a function or
/// class definition (PEP 8), else one – jupytext's rule, so both tools write the same spacing and
/// agree on which spacing is the usual one.
/// </summary>
internal static class LightPep8
{
    /// <summary>Blank lines after <paramref name="previous"/> before <paramref name="next"/> (empty: the end of the file).</summary>
    public static int LinesBetween(IReadOnlyList<string> previous, IEnumerable<string> next, bool python)
    {
        using var following = next.GetEnumerator();
        if (!following.MoveNext()) return 1;
        if (previous.Count == 0) return 0;
        if (!python) return 1;
        if (EndsWithFunctionOrClass(previous)) return HasCode(Prepend(following)) ? 2 : 1;
        return EndsWithCode(previous) && StartsWithFunctionOrClass(Prepend(following)) ? 2 : 1;
    }

    private static IEnumerable<string> Prepend(IEnumerator<string> started)
    {
        yield return started.Current;
        while (started.MoveNext()) yield return started.Current;
    }

    private static bool StartsWithFunctionOrClass(IEnumerable<string> lines)
    {
        var tracker = new QuoteTracker("python", "#");
        var previousBlank = false;
        var first = true;
        foreach (var line in lines)
        {
            if (tracker.InString)
            {
                tracker.Read(line);
                previousBlank = line.Trim().Length == 0;
                first = false;
                continue;
            }
            tracker.Read(line);
            var blank = line.Trim().Length == 0;
            if (blank)
            {
                if (!first && previousBlank) return false;
                previousBlank = true;
                first = false;
                continue;
            }
            previousBlank = false;
            first = false;
            if (line.StartsWith("def ", StringComparison.Ordinal) || line.StartsWith("class ", StringComparison.Ordinal)) return true;
            if (line.StartsWith('#') || line.StartsWith('@') || line.StartsWith(' ') || line.StartsWith(')')) continue;
            return false;
        }
        return false;
    }

    private static bool EndsWithFunctionOrClass(IReadOnlyList<string> lines)
    {
        var unquoted = new List<string>(lines.Count);
        var tracker = new QuoteTracker("python", "#");
        foreach (var line in lines)
        {
            if (!tracker.InString) unquoted.Add(line);
            tracker.Read(line);
        }
        for (var i = unquoted.Count - 1; i >= 0; i--)
        {
            var line = unquoted[i];
            if (line.Trim().Length == 0)
            {
                if (i < unquoted.Count - 1 && unquoted[i + 1].Trim().Length == 0) return false;
                continue;
            }
            if (line.StartsWith('#') || line.StartsWith(' ') || line.StartsWith(')')) continue;
            return line.StartsWith("def ", StringComparison.Ordinal) || line.StartsWith("class ", StringComparison.Ordinal);
        }
        return false;
    }

    private static bool EndsWithCode(IReadOnlyList<string> lines) =>
        lines.Count > 0 && lines[^1].Trim().Length > 0 && !lines[^1].StartsWith('#');

    private static bool HasCode(IEnumerable<string> lines)
    {
        var previousBlank = false;
        var first = true;
        foreach (var line in lines)
        {
            var stripped = line.Trim();
            if (stripped.StartsWith('#'))
            {
                previousBlank = false;
                first = false;
                continue;
            }
            if (stripped.Length == 0)
            {
                if (!first && previousBlank) return false;
                previousBlank = true;
                first = false;
                continue;
            }
            return true;
        }
        return false;
    }

    /// <summary>The two last lines are blank and the third last is not.</summary>
    public static bool LastTwoLinesBlank(IReadOnlyList<string> source) =>
        source.Count >= 3 && !TextLines.IsBlank(source[^3]) && TextLines.IsBlank(source[^2]) && TextLines.IsBlank(source[^1]);
}
