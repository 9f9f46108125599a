namespace NbTools.Core.Formats.Text;

/// <summary>
/// Cell magics that name a language (<c>%%R</c>, <c>#!fsharp</c>): jupytext writes such a cell as
/// <c>language="R"</c> on its marker with the body commented out, and restores the magic line on
/// reading. The set is jupytext's, so that both tools agree on which cells take that form.
/// </summary>
public static class JupyterLanguages
{
    private static readonly HashSet<string> Names = BuildNames();

    /// <summary>True when <paramref name="name"/> (exact spelling) is a language magic jupytext recognises.</summary>
    public static bool Contains(string name) => Names.Contains(name);

    /// <summary>The magic prefix a main language uses for cell languages: <c>#!</c> for C#, <c>%%</c> otherwise.</summary>
    public static string MagicPrefix(string mainLanguage) => mainLanguage == "csharp" ? "#!" : "%%";

    /// <summary>
    /// A first line <c>#!fsharp</c> (C# notebooks) or <c>%%R args</c> (others) naming another
    /// language than the main one: the cell takes jupytext's <c>language="…"</c> form. Only when
    /// the line comes back exactly from <see cref="MagicLine"/> and a body follows it.
    /// </summary>
    public static (string Name, string? Arguments)? FirstLineMagic(List<string> source, string mainLanguage) =>
        source.Count < 2 ? null : MagicOfFirstLine(source[0], mainLanguage);

    /// <inheritdoc cref="FirstLineMagic(List{string}, string)"/>
    /// <param name="source">A cell source (lines split on LF, as <see cref="TextLines.OfSource"/> splits them).</param>
    /// <param name="mainLanguage">The notebook's main language.</param>
    public static (string Name, string? Arguments)? FirstLineMagic(string source, string mainLanguage)
    {
        var end = source.IndexOf('\n');
        if (end < 0 || !source.StartsWith(MagicPrefix(mainLanguage), StringComparison.Ordinal)) return null;
        return MagicOfFirstLine(source[..end], mainLanguage);
    }

    private static (string Name, string? Arguments)? MagicOfFirstLine(string first, string mainLanguage)
    {
        var prefix = MagicPrefix(mainLanguage);
        if (!first.StartsWith(prefix, StringComparison.Ordinal)) return null;
        var rest = first[prefix.Length..];
        var name = rest;
        string? arguments = null;
        var space = rest.IndexOf(' ');
        if (space >= 0 && prefix == "%%")
        {
            name = rest[..space];
            arguments = rest[(space + 1)..];
            if (arguments.Length == 0 || arguments != arguments.Trim()) return null;
        }
        if (name.Length == 0 || name != name.Trim() || !Contains(name)) return null;
        if (ScriptLanguage.UsualName(name) == mainLanguage || name == mainLanguage) return null;
        return (name, arguments);
    }

    /// <summary>The first line a <c>language="…"</c> cell stands for: <c>#!fsharp</c>, <c>%%R -w 400</c>.</summary>
    public static string MagicLine(string mainLanguage, string language, string? arguments) =>
        MagicPrefix(mainLanguage) + language + (arguments is null ? "" : " " + arguments);

    /// <summary>True when a code block or marker language is the main language (jupytext then adds no magic).</summary>
    public static bool IsMain(string language, string mainLanguage) =>
        language == mainLanguage || ScriptLanguage.UsualName(language) == mainLanguage;

    private static HashSet<string> BuildNames()
    {
        var names = new HashSet<string>(StringComparer.Ordinal)
        {
            "R", "bash", "sh", "python", "python2", "python3", "coconut", "javascript", "js", "perl", "html",
            "latex", "markdown", "pypy", "ruby", "script", "svg", "matlab", "octave", "idl", "robotframework",
            "sas", "spark", "sql", "cython", "haskell", "tcl", "gnuplot", "wolfram language", "c#", "f#", "cs", "fs",
        };
        foreach (var language in ScriptLanguage.All) names.Add(language.Name);
        foreach (var name in names.ToList()) names.Add(name.ToUpperInvariant());
        return names;
    }
}
