using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace NbTools.Tracking.FileStore;

/// <summary>
/// Writes a flat mapping of scalars the way MLflow's <c>yaml.dump(..., default_flow_style=False,
/// sort_keys=True)</c> does: keys sorted, strings plain where PyYAML leaves them plain and single-quoted
/// where it would otherwise read as another type, <c>null</c>, integers, <c>[]</c>.
/// </summary>
internal static partial class PyYaml
{
    public static string Dump(IEnumerable<KeyValuePair<string, object?>> mapping)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in mapping.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append(key).Append(':');
            text.Append(value switch
            {
                null => " null",
                long or int => " " + Convert.ToString(value, CultureInfo.InvariantCulture),
                Array { Length: 0 } => " []",
                string s => " " + Scalar(s),
                _ => throw new ArgumentException($"cannot write {value.GetType().Name} as a scalar"),
            });
            text.Append('\n');
        }
        return text.ToString();
    }

    [GeneratedRegex(@"^(?:[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|0x[0-9a-fA-F_]+|0o?[0-7_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~|=|<<|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex ResolvesToOtherType();

    [GeneratedRegex(@"^[A-Za-z0-9_./\\(][^\x00-\x1f\x7f]*$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainStart();

    /// <summary>A string as PyYAML writes it in block style.</summary>
    public static string Scalar(string s)
    {
        if (s.Length == 0) return "''";
        var plain = PlainStart().IsMatch(s) && !ResolvesToOtherType().IsMatch(s)
            && !s.Contains(": ", StringComparison.Ordinal) && !s.Contains(" #", StringComparison.Ordinal)
            && !s.EndsWith(':') && !s.EndsWith(' ') && s.All(c => c < 0x80);
        if (plain) return s;
        if (s.Any(c => c < 0x20 || c == 0x7f || c >= 0x80)) return DoubleQuoted(s);
        return "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    private static string DoubleQuoted(string s) => QuotedText.Quote(s, c =>
        c < 0x20 || c == 0x7f ? $"\\x{(int)c:X2}" : c >= 0x80 ? $"\\u{(int)c:X4}" : null);

    /// <summary>A double as Python's <c>repr</c> writes it (what MLflow puts in metric files): 0.5, 1.0, 1e-05, 1e+16, nan, inf.</summary>
    public static string PythonFloat(double value)
    {
        if (double.IsNaN(value)) return "nan";
        if (double.IsPositiveInfinity(value)) return "inf";
        if (double.IsNegativeInfinity(value)) return "-inf";
        return Shared.PythonFloatRepr.Finite(value);
    }
}
