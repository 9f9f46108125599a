using System.Text;

namespace NbTools.Tracking;

/// <summary>A double-quoted string with C-style escapes; how other characters are escaped is the caller's rule (YAML and JSON differ).</summary>
internal static class QuotedText
{
    public static string Quote(string s, Func<char, string?> escapeOther)
    {
        var text = new StringBuilder("\"");
        foreach (var c in s)
        {
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                _ => escapeOther(c) ?? c.ToString(),
            });
        }
        return text.Append('"').ToString();
    }
}
