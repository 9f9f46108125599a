using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace NbTools.Tracking.FileStore;

/// <summary>
/// Writes a mapping the way MLflow's <c>yaml.dump(..., default_flow_style=False, allow_unicode=True,
/// sort_keys=True)</c> does (PyYAML's emitter): keys sorted; a string plain where PyYAML leaves it plain,
/// single-quoted where it would read as another type or holds an indicator, double-quoted when it holds
/// a character YAML cannot print; long plain and single-quoted strings folded at a space past column 80;
/// <c>null</c>, integers, <c>[]</c>, <c>{}</c> and nested mappings (indented by two).
/// </summary>
internal static partial class PyYaml
{
    private const int BestWidth = 80;

    public static string Dump(IEnumerable<KeyValuePair<string, object?>> mapping)
    {
        var text = new StringBuilder();
        Mapping(text, mapping, 0);
        return text.ToString();
    }

    private static void Mapping(StringBuilder text, IEnumerable<KeyValuePair<string, object?>> mapping, int indent)
    {
        foreach (var (key, value) in mapping.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append(' ', indent).Append(Scalar(key, indent, indent)).Append(':');
            var column = indent + key.Length + 1;
            switch (value)
            {
                case null: text.Append(" null\n"); break;
                case long or int: text.Append(' ').Append(Convert.ToString(value, CultureInfo.InvariantCulture)).Append('\n'); break;
                case string s: text.Append(' ').Append(Scalar(s, column + 1, indent + 2)).Append('\n'); break;
                case IReadOnlyDictionary<string, string> { Count: 0 }: text.Append(" {}\n"); break;
                case IReadOnlyDictionary<string, string> nested:
                    text.Append('\n');
                    Mapping(text, nested.Select(e => new KeyValuePair<string, object?>(e.Key, e.Value)), indent + 2);
                    break;
                case ICollection { Count: 0 }: text.Append(" []\n"); break;
                default: throw new ArgumentException($"cannot write {value.GetType().Name} in meta.yaml");
            }
        }
    }

    [GeneratedRegex(@"^(?:[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|0x[0-9a-fA-F_]+|0o?[0-7_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~|=|<<|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex ResolvesToOtherType();

    /// <summary>A string as PyYAML writes it as a block mapping's value at column 0.</summary>
    public static string Scalar(string s) => Scalar(s, 0, 2);

    /// <summary>A string as PyYAML writes it, starting at <paramref name="column"/>, folded lines indented by <paramref name="indent"/>.</summary>
    public static string Scalar(string s, int column, int indent)
    {
        if (s.Length == 0 || ResolvesToOtherType().IsMatch(s)) return SingleQuoted(s, column, indent);
        var (plain, singleQuoted) = Analyze(s);
        if (plain) return Plain(s, column, indent);
        return singleQuoted ? SingleQuoted(s, column, indent) : DoubleQuoted(s);
    }

    private static bool IsBreak(char c) => c is '\n' or '\x85' or '\u2028' or '\u2029';

    private static bool IsSpaceOrEnd(string s, int i) => i >= s.Length || s[i] is '\0' or ' ' or '\t' or '\r' || IsBreak(s[i]);

    /// <summary>PyYAML's <c>analyze_scalar</c>, as far as block context needs it: may the string be plain, may it be single-quoted?</summary>
    private static (bool Plain, bool SingleQuoted) Analyze(string s)
    {
        bool indicators = s.StartsWith("---", StringComparison.Ordinal) || s.StartsWith("...", StringComparison.Ordinal);
        bool breaks = false, special = false, spaceBreak = false, breakSpace = false, previousSpace = false, previousBreak = false;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            var followedBySpace = IsSpaceOrEnd(s, i + 1);
            if (i == 0)
            {
                if ("#,[]{}&*!|>'\"%@`".Contains(c)) indicators = true;
                if (c is '?' or ':' or '-' && followedBySpace) indicators = true;
            }
            else if ((c == ':' && followedBySpace) || (c == '#' && IsSpaceOrEnd(s, i - 1))) indicators = true;
            var printable = c == '\n' || (c >= 0x20 && c <= 0x7e) || c == 0x85 || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd && c != 0xfeff) || char.IsSurrogate(c);
            if (!printable) special = true;
            if (c == ' ')
            {
                if (previousBreak) breakSpace = true;
                (previousSpace, previousBreak) = (true, false);
            }
            else if (IsBreak(c))
            {
                breaks = true;
                if (previousSpace) spaceBreak = true;
                (previousSpace, previousBreak) = (false, true);
            }
            else (previousSpace, previousBreak) = (false, false);
        }
        var edges = s[0] == ' ' || s[^1] == ' ' || IsBreak(s[0]) || IsBreak(s[^1]);
        var plain = !edges && !breaks && !indicators && !special && !spaceBreak && !breakSpace;
        var single = !special && !spaceBreak && !breakSpace;
        return (plain, single);
    }

    private static string Plain(string s, int column, int indent)
    {
        var text = new StringBuilder();
        var words = s.Split(' ');
        for (var i = 0; i < words.Length; i++)
        {
            if (i > 0)
            {
                // A single space after a word that ends past the width becomes a line break.
                if (words[i - 1].Length > 0 && column > BestWidth && words[i].Length > 0) column = Indent(text, indent);
                else
                {
                    text.Append(' ');
                    column++;
                }
            }
            text.Append(words[i]);
            column += words[i].Length;
        }
        return text.ToString();
    }

    private static int Indent(StringBuilder text, int indent)
    {
        text.Append('\n').Append(' ', indent);
        return indent;
    }

    /// <summary>PyYAML's <c>write_single_quoted</c>: quotes doubled, a lone space past the width folded, line breaks written as blank lines.</summary>
    private static string SingleQuoted(string s, int column, int indent)
    {
        var text = new StringBuilder("'");
        column++;
        bool spaces = false, breaks = false;
        var start = 0;
        for (var end = 0; end <= s.Length; end++)
        {
            char? c = end < s.Length ? s[end] : null;
            if (spaces)
            {
                if (c != ' ')
                {
                    if (start + 1 == end && column > BestWidth && start != 0 && end != s.Length) column = Indent(text, indent);
                    else
                    {
                        text.Append(s, start, end - start);
                        column += end - start;
                    }
                    start = end;
                }
            }
            else if (breaks)
            {
                if (c is null || !IsBreak(c.Value))
                {
                    if (s[start] == '\n') text.Append('\n');
                    for (var i = start; i < end; i++) text.Append(s[i]);
                    text.Append(' ', indent);
                    column = indent;
                    start = end;
                }
            }
            else if (c is null || c == ' ' || IsBreak(c.Value) || c == '\'')
            {
                if (start < end)
                {
                    text.Append(s, start, end - start);
                    column += end - start;
                    start = end;
                }
            }
            if (c == '\'')
            {
                text.Append("''");
                column += 2;
                start = end + 1;
            }
            if (c is not null)
            {
                spaces = c == ' ';
                breaks = IsBreak(c.Value);
            }
        }
        return text.Append('\'').ToString();
    }

    private static string DoubleQuoted(string s) => QuotedText.Quote(s, c => c switch
    {
        '\0' => "\\0",
        '\a' => "\\a",
        '\b' => "\\b",
        '\v' => "\\v",
        '\f' => "\\f",
        '\x1b' => "\\e",
        '\x85' => "\\N",
        '\xa0' => "\\_",
        '\u2028' => "\\L",
        '\u2029' => "\\P",
        '\ufeff' => "\\uFEFF",
        < ' ' or '\x7f' or (>= '\x80' and < '\xa0') => $"\\x{(int)c:X2}",
        _ => null,
    });

    /// <summary>A double as Python's <c>repr</c> writes it (what MLflow puts in metric files): 0.5, 1.0, 1e-05, 1e+16, nan, inf.</summary>
    public static string PythonFloat(double value)
    {
        if (double.IsNaN(value)) return "nan";
        if (double.IsPositiveInfinity(value)) return "inf";
        if (double.IsNegativeInfinity(value)) return "-inf";
        return Shared.PythonFloatRepr.Finite(value);
    }
}
