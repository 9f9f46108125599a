using System.Text;
using NbTools.Core.Formats.Text;

namespace NbTools.Core.Formats;

/// <summary>
/// jupytext's ways of naming a format, as its users type them: <c>.py</c>, <c>py:percent</c>,
/// <c>py:light</c>, <c>markdown</c>, <c>notebook</c>, <c>myst</c>, <c>auto</c> – and telling a text's format from
/// its content (standard input has no file name).
/// </summary>
public static class FormatSpellings
{
    /// <summary>NbTools' name for a spelling (<c>py:percent</c> → <c>py</c>); other spellings come back as given.</summary>
    public static string Canonical(string spelling)
    {
        var text = spelling.Trim();
        if (text.StartsWith('.')) text = text[1..];
        var colon = text.IndexOf(':');
        var (extension, name) = colon < 0 ? (text, "") : (text[..colon], text[(colon + 1)..]);
        if (extension == "myst" && name.Length == 0) return "md:myst";
        extension = extension switch
        {
            "notebook" => "ipynb",
            "markdown" => "md",
            "auto" => NotebookFormats.Script,
            _ => extension,
        };
        return (extension, name) switch
        {
            (_, "") => extension,
            ("md", "markdown") => "md",
            ("md", "myst") => "md:myst",
            ("ipynb" or "md" or "dib", _) => text,
            (_, "percent") => extension,
            (NotebookFormats.Script, "light") => NotebookFormats.LightScript,
            (_, "light") => extension + ":light",
            _ => text,
        };
    }

    /// <summary>Why a spelling names no format NbTools has, for the error message.</summary>
    public static string? Unsupported(string spelling) =>
        spelling.Contains(':') && spelling[(spelling.IndexOf(':') + 1)..] is { Length: > 0 } name && name is not ("percent" or "light")
            ? $"jupytext's \"{name}\" format is not supported; NbTools writes percent scripts (e.g. py:percent), light scripts (py:light), md, md:myst and dib"
            : null;

    /// <summary>The format of a notebook given only its bytes (standard input), or null when nothing tells.</summary>
    public static INotebookFormat? Detect(byte[] content, TextFormatOptions? options = null)
    {
        var text = Encoding.UTF8.GetString(content).TrimStart('\uFEFF');
        if (text.TrimStart().StartsWith('{')) return NotebookFormats.ByName("ipynb", options);
        var lines = TextLines.OfFile(text);
        if (lines.Count == 0) return null;
        if (lines[0] == "#!meta" || (lines[0].StartsWith("#!", StringComparison.Ordinal) && !lines[0].StartsWith("#!/", StringComparison.Ordinal)))
        {
            return NotebookFormats.ByName("dib", options);
        }
        foreach (var line in lines.Take(60))
        {
            var at = line.IndexOf("extension: .", StringComparison.Ordinal);
            if (at >= 0 && NotebookFormats.ByPath("x" + line[(at + "extension: ".Length)..].Trim(), options) is { } format) return format;
        }
        return lines[0].TrimEnd() == "---" ? NotebookFormats.ByName("md", options) : null;
    }
}
