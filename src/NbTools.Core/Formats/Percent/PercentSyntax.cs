using System.Text.RegularExpressions;
using NbTools.Core.Formats.Text;

namespace NbTools.Core.Formats.Percent;

/// <summary>
/// The line-level rules of the percent format for one language: cell markers, commented lines,
/// Jupyter magics (commented in the text, as jupytext does) and NbTools' escape for code lines
/// that would otherwise read as cell markers (one more comment prefix).
/// </summary>
internal sealed class PercentSyntax
{
    private readonly Regex marker;
    private readonly Regex bareMarker;
    private readonly Regex magic;
    private readonly Regex? forcedMagic;
    private readonly Regex? notMagic;
    private const RegexOptions Options = RegexOptions.CultureInvariant; // not Compiled: emitting IL costs more start-up time (git runs textconv per file) than it saves
    private readonly string magicHint;
    private readonly bool pythonRules;
    private readonly bool magicsApply;

    public PercentSyntax(ScriptLanguage language)
    {
        Language = language;
        var c = Regex.Escape(language.Comment);
        marker = new Regex($@"^\s*{c}\s*%%(%*)\s(.*)$", Options);
        bareMarker = new Regex($@"^\s*{c}\s*(%%|<codecell>|In\[[0-9 ]*\]:?)\s*$", Options);
        (magic, forcedMagic, notMagic) = language.Name switch
        {
            "csharp" => (new Regex(@"^(// |//)*#![a-zA-Z]", Options), new Regex(@"^(// |//)*#![a-zA-Z](.*)//\s*noescape", Options), new Regex(@"^\s*(// |//)*(%|%%|%%%)[a-zA-Z](.*)//\s*noescape", Options)),
            "rust" => (new Regex(@"^(// |//)*:[a-zA-Z]", Options), new Regex(@"^(// |//)*:[a-zA-Z](.*)//\s*noescape", Options), new Regex(@"^\s*(// |//)*(%|%%|%%%)[a-zA-Z](.*)//\s*noescape", Options)),
            "go" => (new Regex(@"^(// |//)*(!|!\*|%|%%|%%%)[a-zA-Z]", Options), new Regex($@"^\s*({c} |{c})*(%|%%|%%%)[a-zA-Z](.*){c}\s*escape", Options), new Regex($@"^\s*({c} |{c})*(%|%%|%%%)[a-zA-Z](.*){c}\s*noescape", Options)),
            _ => (new Regex($@"^\s*({c} |{c})*(%|%%|%%%)[a-zA-Z]", Options), new Regex($@"^\s*({c} |{c})*(%|%%|%%%)[a-zA-Z](.*){c}\s*escape", Options), new Regex($@"^\s*({c} |{c})*(%|%%|%%%)[a-zA-Z](.*){c}\s*noescape", Options)),
        };
        magicHint = language.Name switch { "csharp" => "#!", "rust" => ":", _ => "%" };
        pythonRules = language.Name == "python";
        magicsApply = language.Name is not ("matlab" or "sas" or "idl" or "wolfram language" or "sql");
    }

    public ScriptLanguage Language { get; }

    public string Comment => Language.Comment;

    /// <summary>A cell marker line: <c>// %%</c>, <c>// %% [markdown] key=value</c>, <c>// In[3]:</c>…</summary>
    public bool IsMarker(string line) => IsMarker(line.AsSpan());

    /// <inheritdoc cref="IsMarker(string)"/>
    /// <remarks>
    /// Cheap tests first, so the regexes run only on the few lines that can match: both start
    /// with the comment after white space, and need <c>%%</c>, <c>In[</c> or <c>&lt;codecell&gt;</c>.
    /// </remarks>
    public bool IsMarker(ReadOnlySpan<char> line) =>
        line.TrimStart().StartsWith(Comment, StringComparison.Ordinal)
        && IsMarkerCandidate(line)
        && (marker.IsMatch(line) || bareMarker.IsMatch(line));

    /// <summary>The text after <c>%%</c> on a marker line (options), without a comment suffix.</summary>
    public ReadOnlySpan<char> MarkerOptions(ReadOnlySpan<char> line)
    {
        var text = Uncomment(line.TrimStart());
        var at = text.IndexOf("%%", StringComparison.Ordinal);
        if (at < 0) return [];
        var rest = text[(at + 2)..];
        return rest.TrimStart('%').Trim();
    }

    /// <summary>Cell depth (Spyder sub-cells): the number of extra <c>%</c> after <c>%%</c>.</summary>
    public int MarkerDepth(string line)
    {
        // Only a line with "%%%" has a depth: the others are spared the regex match and its groups.
        if (!line.Contains("%%%", StringComparison.Ordinal)) return 0;
        var m = marker.Match(line);
        return m.Success ? m.Groups[1].Length : 0;
    }

    /// <inheritdoc cref="MarkerDepth(string)"/>
    public int MarkerDepth(ReadOnlySpan<char> line) => line.Contains("%%%", StringComparison.Ordinal) ? MarkerDepth(line.ToString()) : 0;

    /// <summary>Comments a line (<c>// text</c>, or <c>//</c> for an empty line), as jupytext does.</summary>
    public string CommentLine(string line)
    {
        var suffix = Language.CommentSuffix;
        if (suffix.Length == 0) return line.Length == 0 ? Comment : Comment + " " + line;
        return line.Length == 0 ? Comment + " " + suffix : Comment + " " + line + " " + suffix;
    }

    /// <summary>Removes one comment prefix (with its space) and suffix, when present.</summary>
    public string Uncomment(string line)
    {
        var uncommented = Uncomment(line.AsSpan());
        return uncommented.Length == line.Length ? line : uncommented.ToString();
    }

    /// <inheritdoc cref="Uncomment(string)"/>
    public ReadOnlySpan<char> Uncomment(ReadOnlySpan<char> line)
    {
        if (line.StartsWith(Comment, StringComparison.Ordinal))
        {
            line = line[Comment.Length..];
            if (line.StartsWith(' ')) line = line[1..];
        }
        var suffix = Language.CommentSuffix;
        if (suffix.Length > 0 && line.EndsWith(suffix, StringComparison.Ordinal))
        {
            line = line[..^suffix.Length];
            if (line.EndsWith(' ')) line = line[..^1];
        }
        return line;
    }

    /// <summary>
    /// A Jupyter magic (<c>%time</c>, <c>!pip</c>, <c>#!fsharp</c>…), possibly already commented, that the text comments out.
    /// Python help lines (<c>x?</c>) count only in text that is explicitly code (<paramref name="explicitlyCode"/>).
    /// </summary>
    public bool IsMagic(string line, bool explicitlyCode = true) => IsMagic(line.AsSpan(), explicitlyCode);

    /// <inheritdoc cref="IsMagic(string, bool)"/>
    public bool IsMagic(ReadOnlySpan<char> line, bool explicitlyCode = true)
    {
        if (!magicsApply) return false;
        // Cheap test first: every magic form contains its sigil (go's '!' forms are covered by the python-style check below).
        var mayBeMagic = line.Contains(magicHint, StringComparison.Ordinal) || (Language.Name == "go" && line.Contains('!'));
        if (!mayBeMagic && !pythonRules) return false;
        if (mayBeMagic && forcedMagic is not null && forcedMagic.IsMatch(line)) return true;
        if (mayBeMagic && notMagic is not null && notMagic.IsMatch(line)) return false;
        if (mayBeMagic && magic.IsMatch(line)) return true;
        return pythonRules && MayBePythonMagic(line) && MatchesPythonMagic(line, explicitlyCode);
    }

    /// <summary>Python's magic forms without <c>%</c> (shell escapes, help, <c>x = %time…</c>, <c>ls</c>…), by their regexes alone.</summary>
    internal static bool MatchesPythonMagic(ReadOnlySpan<char> line, bool explicitlyCode) =>
        PythonMagics.IsMatch(line) || (explicitlyCode && PythonHelp.IsMatch(line));

    /// <summary>
    /// False for a line that <see cref="MatchesPythonMagic"/> cannot match, so most code lines
    /// skip its regexes: the help and shell-escape forms need a <c>?</c> or <c>!</c>; the
    /// assignment form (<c>x = %time f()</c>) an <c>=</c> and a <c>%</c>; a shell command
    /// (<c>ls</c>, <c>cd x</c>…) starts right after the <c># </c> / <c>#</c> prefixes and is followed
    /// by the end of the line or white space, as <see cref="PythonMagics"/>' last branch says.
    /// </summary>
    internal static bool MayBePythonMagic(ReadOnlySpan<char> line)
    {
        if (line.IndexOfAny('?', '!') >= 0) return true;
        if (line.Contains('=') && line.Contains('%')) return true;
        var i = 0;
        while (i < line.Length && line[i] == '#')
        {
            i++;
            if (i < line.Length && line[i] == ' ') i++;
        }
        var rest = line[i..];
        if (rest.IsEmpty || rest[0] is not ('c' or 'd' or 'e' or 'l' or 'm' or 'r')) return false;
        foreach (var command in ShellCommands)
        {
            if (!rest.StartsWith(command, StringComparison.Ordinal)) continue;
            var after = rest[command.Length..];
            if (after.IsEmpty || (char.IsWhiteSpace(after[0]) && (after.Length == 1 || after[1] is not ('=' or ',')))) return true;
        }
        return false;
    }

    private static readonly string[] ShellCommands = ["cat", "cd", "cp", "mv", "rm", "rmdir", "mkdir", "copy", "ddir", "echo", "ls", "ldir", "ren"];

    /// <summary>Comments a magic line, keeping its indentation (continuation lines get no indentation).</summary>
    public string CommentMagic(string line, bool continuation)
    {
        if (continuation) return Comment + " " + line;
        var unindented = line.TrimStart();
        return line[..(line.Length - unindented.Length)] + Comment + " " + unindented;
    }

    /// <summary>Removes one comment level from a magic line, keeping its indentation.</summary>
    public string UncommentMagic(string line)
    {
        var unindented = line.TrimStart();
        var indent = line[..(line.Length - unindented.Length)];
        if (unindented.StartsWith(Comment + " ", StringComparison.Ordinal)) return indent + unindented[(Comment.Length + 1)..];
        if (unindented.StartsWith(Comment, StringComparison.Ordinal)) return indent + unindented[Comment.Length..];
        return line;
    }

    /// <summary>Python magics continue on the next line after a trailing backslash.</summary>
    public bool ContinuesMagic(ReadOnlySpan<char> line) => pythonRules && ContinuationPattern.IsMatch(line);

    /// <summary>
    /// A line that NbTools escapes: a cell marker, or an already escaped one (a marker behind one
    /// or more <c>comment + space</c> prefixes). Escaping adds one prefix; reading removes one.
    /// </summary>
    public bool NeedsEscape(ReadOnlySpan<char> line) => IsMarker(line) || IsEscaped(line);

    public bool IsEscaped(ReadOnlySpan<char> line)
    {
        if (!line.StartsWith(Comment, StringComparison.Ordinal) || !IsMarkerCandidate(line)) return false;
        var rest = line;
        while (rest.StartsWith(Comment, StringComparison.Ordinal) && rest.Length > Comment.Length && rest[Comment.Length] == ' ')
        {
            rest = rest[(Comment.Length + 1)..];
            if (IsMarker(rest)) return true;
        }
        return false;
    }

    private static bool IsMarkerCandidate(ReadOnlySpan<char> line) =>
        line.Contains("%%", StringComparison.Ordinal) || line.Contains("In[", StringComparison.Ordinal) || line.Contains("<codecell>", StringComparison.Ordinal);

    /// <summary>An escaped line without its escape (the first comment prefix and its space).</summary>
    public ReadOnlySpan<char> Unescape(ReadOnlySpan<char> line) => line[(Comment.Length + 1)..];

    private static readonly Regex PythonMagics = new(
        @"^\s*(# |#)*\s*(\?|!)\s*[A-Za-z\.\~\$\\\/\{\}]" +
        @"|^(# |#)*\s*([a-zA-Z_][a-zA-Z_$0-9]*)\s*=\s*(%|%%|%%%|!)[a-zA-Z](.*)" +
        @"|^(# |#)*(cat|cd|cp|mv|rm|rmdir|mkdir|copy|ddir|echo|ls|ldir|ren)($|\s$|\s[^=,])",
        RegexOptions.CultureInvariant);

    private static readonly Regex PythonHelp = new(@"^\s*(# )*[^\s]*\?\s*$", RegexOptions.CultureInvariant);

    private static readonly Regex ContinuationPattern = new(@"\\\s*$", RegexOptions.CultureInvariant);
}
