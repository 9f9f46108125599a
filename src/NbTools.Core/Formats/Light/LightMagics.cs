using NbTools.Core.Formats.Percent;

namespace NbTools.Core.Formats.Light;

/// <summary>
/// Jupyter magics and marker-like lines in light scripts, as jupytext treats them: magics are
/// commented (<c># %matplotlib inline</c>) and lines that would read as <c># +</c> markers get one more
/// comment prefix, outside string literals; reading removes one level from each.
/// </summary>
internal static class LightMagics
{
    /// <summary>Comments the magics of code lines (jupytext's <c>comment_magic</c>).</summary>
    public static void Comment(LightSyntax syntax, List<string> lines, string language, bool explicitlyCode) =>
        Magics(syntax, lines, language, explicitlyCode, (line, continuation) => syntax.Lines.CommentMagic(line, continuation));

    /// <summary>Removes one comment level from commented magics (jupytext's <c>uncomment_magic</c>).</summary>
    public static void Uncomment(LightSyntax syntax, List<string> lines, string language, bool explicitlyCode) =>
        Magics(syntax, lines, language, explicitlyCode, (line, _) => syntax.Lines.UncommentMagic(line));

    /// <summary>Applies <paramref name="change"/> to magic lines and their continuations, outside strings (the quotes read on the original lines).</summary>
    private static void Magics(LightSyntax syntax, List<string> lines, string language, bool explicitlyCode, Func<string, bool, string> change)
    {
        if (syntax.MagicsOf(language) is not { } magics) return;
        var tracker = Tracker(syntax, language);
        var continuation = false;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (!tracker.InString && (continuation || magics.IsMagic(line, explicitlyCode)))
            {
                lines[i] = change(line, continuation);
                continuation = syntax.Lines.ContinuesMagic(line);
            }
            tracker.Read(line);
        }
    }

    /// <summary>Python code with a help line (<c>x?</c>) needs an explicit marker: only there is that line a magic.</summary>
    public static bool NeedExplicitMarker(LightSyntax syntax, IReadOnlyList<string> lines, string language)
    {
        if (language != "python" || syntax.Language.Name != "python") return false;
        var tracker = Tracker(syntax, language);
        foreach (var line in lines)
        {
            if (!tracker.InString && syntax.Lines.IsMagic(line, explicitlyCode: true) && !syntax.Lines.IsMagic(line, explicitlyCode: false)) return true;
            tracker.Read(line);
        }
        return false;
    }

    public static List<string> EscapeStart(LightSyntax syntax, IReadOnlyList<string> lines, string language)
    {
        var tracker = Tracker(syntax, language);
        var output = new List<string>(lines.Count);
        foreach (var line in lines)
        {
            output.Add(!tracker.InString && syntax.IsEscapedStart(line) ? syntax.Comment + " " + line : line);
            tracker.Read(line);
        }
        return output;
    }

    public static List<string> UnescapeStart(LightSyntax syntax, List<string> lines, string language)
    {
        var tracker = Tracker(syntax, language);
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (!tracker.InString && syntax.IsEscapedStart(line))
            {
                var unescaped = syntax.Lines.UncommentMagic(line);
                if (syntax.IsEscapedStart(unescaped)) lines[i] = unescaped;
            }
            tracker.Read(line);
        }
        return lines;
    }

    private static QuoteTracker Tracker(LightSyntax syntax, string language) =>
        new(Text.ScriptLanguage.UsualName(language) ?? language, LightSyntax.CommentOf(language) ?? syntax.Comment);
}
