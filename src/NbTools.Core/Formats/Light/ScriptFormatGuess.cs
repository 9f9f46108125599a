using System.Text.RegularExpressions;
using NbTools.Core.Formats.Percent;
using NbTools.Core.Formats.Text;

namespace NbTools.Core.Formats.Light;

/// <summary>
/// Which script format a text is in, as jupytext decides when none is given: the format its header
/// names; else percent when a line outside strings is a cell marker (<c># %%</c>, <c># In[1]:</c>);
/// else light – except the layouts NbTools does not read as light (Sphinx gallery, R spin, folding
/// markers), which stay with the percent reader as before.
/// </summary>
internal static class ScriptFormatGuess
{
    public const string Light = "light";
    public const string Percent = "percent";
    public const string NoMarker = "nomarker";

    /// <summary>True for the formats the light reader reads (light, and jupytext's marker-less variant of it).</summary>
    public static bool ReadsAsLight(string format) => format is Light or NoMarker;

    private static readonly Regex FormatName = new(@"^\s*format_name:\s*['""]?([A-Za-z_-]+)['""]?\s*$", RegexOptions.CultureInvariant);

    public static string Of(IReadOnlyList<string> lines, ScriptLanguage language)
    {
        if (Named(lines, language) is { } named) return named;
        var c = Regex.Escape(language.Comment);
        var percent = new Regex($@"^{c}( %%|%%)($|\s)|^{c}( <codecell>| In\[[0-9 ]*\]:?)", RegexOptions.CultureInvariant);
        var folding = new Regex($@"^{c}\s*(\{{\{{\{{|region)", RegexOptions.CultureInvariant);
        var tracker = new QuoteTracker(language.Name == "R" ? "R" : "python", "#");
        var sphinx = 0;
        var spin = false;
        var folded = false;
        foreach (var line in lines)
        {
            tracker.Read(line);
            if (tracker.InString) continue;
            if (line.StartsWith(language.Comment, StringComparison.Ordinal) && percent.IsMatch(line)) return Percent;
            if (language.Extension == ".py" && line.StartsWith("#", StringComparison.Ordinal) && SphinxLine.IsMatch(line)) sphinx++;
            spin |= language.Name == "R" && line.StartsWith("#'", StringComparison.Ordinal);
            folded |= folding.IsMatch(line);
        }
        return !folded && (spin || sphinx >= 2) ? Percent : Light;
    }

    /// <summary>jupytext's guess of custom cell markers from folding comments: <c>{{{,}}}</c> (vim) or <c>region,endregion</c> (VS Code), else null.</summary>
    public static string? FoldingMarkers(IReadOnlyList<string> lines, ScriptLanguage language)
    {
        var c = Regex.Escape(language.Comment);
        var vim = new Regex($@"^{c}\s*\{{\{{\{{", RegexOptions.CultureInvariant);
        var vscode = new Regex($@"^{c}\s*region", RegexOptions.CultureInvariant);
        var tracker = new QuoteTracker(language.Name == "R" ? "R" : "python", "#");
        var region = false;
        foreach (var line in lines)
        {
            tracker.Read(line);
            if (tracker.InString || !line.StartsWith(language.Comment, StringComparison.Ordinal)) continue;
            if (vim.IsMatch(line)) return "{{{,}}}";
            region |= vscode.IsMatch(line);
        }
        return region ? "region,endregion" : null;
    }

    private static readonly Regex SphinxLine = new(@"^#( |)#{19,}\s*$", RegexOptions.CultureInvariant);

    /// <summary>The <c>format_name</c> in the text's header, or null.</summary>
    public static string? Named(IReadOnlyList<string> lines, ScriptLanguage language)
    {
        var syntax = new PercentSyntax(language);
        var i = 0;
        if (i < lines.Count && lines[i].StartsWith("#!", StringComparison.Ordinal)) i++;
        if (i < lines.Count && lines[i].Contains("coding", StringComparison.Ordinal)) i++;
        while (i < lines.Count && lines[i].StartsWith(language.Comment, StringComparison.Ordinal) && syntax.Uncomment(lines[i]).Trim().Length == 0) i++;
        if (i >= lines.Count || syntax.Uncomment(lines[i]).TrimEnd() != "---") return null;
        for (i++; i < lines.Count && lines[i].StartsWith(language.Comment, StringComparison.Ordinal); i++)
        {
            var line = syntax.Uncomment(lines[i]);
            if (line.TrimEnd() == "---") return null;
            if (FormatName.Match(line) is { Success: true } match) return match.Groups[1].Value;
        }
        return null;
    }
}
