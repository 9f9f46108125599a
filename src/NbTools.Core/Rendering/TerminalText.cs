using System.Globalization;
using System.Text;

namespace NbTools.Core.Rendering;

/// <summary>
/// Makes notebook text safe to print on a terminal: control characters (escape sequences, carriage
/// returns, backspaces, C1 controls) and the invisible Unicode controls that reorder or hide text
/// (bidirectional overrides and isolates, as in "Trojan Source") are shown as visible escapes such as
/// <c>\e</c>, <c>\r</c> or <c>\u202E</c>. Otherwise cursor movement in a cell could hide an added line
/// from the reader, OSC 52 could write the clipboard, and a newline in a file name could forge a line.
/// Tabs stay; everything else is printed as it is.
/// </summary>
public static class TerminalText
{
    /// <summary>The text with every unsafe character replaced by a visible escape (the same string when none).</summary>
    public static string Escape(string text)
    {
        var first = IndexOfUnsafe(text);
        if (first < 0) return text;
        var result = new StringBuilder(text.Length + 16).Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (!IsUnsafe(c))
            {
                result.Append(c);
                continue;
            }
            result.Append(c switch
            {
                '\u001b' => "\\e",
                '\r' => "\\r",
                '\n' => "\\n",
                '\b' => "\\b",
                '\a' => "\\a",
                '\f' => "\\f",
                '\v' => "\\v",
                '\0' => "\\0",
                < '\u0100' => "\\x" + ((int)c).ToString("X2", CultureInfo.InvariantCulture),
                _ => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
            });
        }
        return result.ToString();
    }

    /// <summary>One line of text: like <see cref="Escape"/>, line breaks included, cut after <paramref name="max"/> characters.</summary>
    public static string OneLine(string text, int max = 1000)
    {
        var escaped = Escape(text);
        return escaped.Length <= max ? escaped : escaped[..max] + $"… ({escaped.Length - max} more characters)";
    }

    private static int IndexOfUnsafe(string text)
    {
        for (var i = 0; i < text.Length; i++) if (IsUnsafe(text[i])) return i;
        return -1;
    }

    private static bool IsUnsafe(char c) => c switch
    {
        '\t' => false,
        < ' ' or '\u007f' => true,
        >= '\u0080' and <= '\u009f' => true,
        '\u061c' or '\u200e' or '\u200f' => true, // bidi marks
        >= '\u202a' and <= '\u202e' => true, // embeddings and overrides
        >= '\u2066' and <= '\u2069' => true, // isolates
        _ => false,
    };
}
