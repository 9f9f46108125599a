using System.Text.RegularExpressions;
using NbTools.Core.Formats.Percent;
using NbTools.Core.Formats.Text;
using NbTools.Core.Json;
using NbTools.Core.Model;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Formats.Light;

/// <summary>
/// The top of a light script, as jupytext reads and writes it: an optional <c>#!</c> line
/// (<c>jupytext.executable</c>), an optional coding line (<c>jupytext.encoding</c>), then the commented
/// YAML header (<c># ---</c> … <c># ---</c>) holding the notebook metadata under <c>jupyter:</c> and any
/// front matter (a first raw cell).
/// </summary>
internal static class LightHeader
{
    /// <summary>jupytext's text_representation version of the light format.</summary>
    public const string FormatVersion = "1.5";

    private static readonly Regex HeaderFence = new(@"^---\s*$", RegexOptions.CultureInvariant);

    /// <summary>Notebook metadata, the front-matter cell (or null) and the index of the first cell line.</summary>
    public static (JObject Metadata, Cell? FrontMatter, int Next) Read(LightSyntax syntax, List<string> lines, string file)
    {
        var encodingPattern = new Regex($@"^[ \t\f]*{Regex.Escape(syntax.Comment)}.*?coding[:=][ \t]*([-_.a-zA-Z0-9]+)", RegexOptions.CultureInvariant);
        string? executable = null, encoding = null;
        var start = 0;
        if (lines.Count > 0 && lines[0].StartsWith("#!", StringComparison.Ordinal))
        {
            executable = lines[0][2..];
            start = 1;
        }
        if (start < lines.Count && encodingPattern.Match(lines[start]) is { Success: true } coding)
        {
            if (coding.Groups[1].Value != "utf-8")
            {
                throw new NotebookFormatException(file, $"the coding line declares {coding.Groups[1].Value}; light scripts are UTF-8", line: start + 1);
            }
            encoding = lines[start];
            start++;
        }
        var (yaml, yamlStart, end) = HeaderLines(syntax, lines, start, file);
        var metadata = new JObject();
        Cell? frontMatter = null;
        var next = start;
        if (end >= 0)
        {
            // As jupytext: only the jupyter block is YAML to NbTools; the other lines are the front matter, as they are.
            var (jupyterLines, other) = FrontMatter.Split(yaml);
            if (other.Any(l => l.StartsWith("jupyter", StringComparison.Ordinal))) YamlHeader.Parse(yaml, file, firstLine: yamlStart + 1); // a malformed jupyter key: say where
            var jupyterStart = yamlStart + 1 + Math.Max(0, yaml.FindIndex(l => l.TrimEnd() == "jupyter:"));
            var mapping = YamlHeader.Parse(jupyterLines, file, firstLine: jupyterStart);
            if (mapping["jupyter"] is not null and not JObject)
            {
                throw new NotebookFormatException(file, "the header's \"jupyter\" key must hold a mapping", line: jupyterStart);
            }
            if (mapping["jupyter"] is JObject jupyter)
            {
                // jupytext reads its "nomarker" scripts with the light reader too (they are light scripts without # + markers).
                var named = jupyter.SelectToken("jupytext.text_representation.format_name").Str();
                metadata = TextHeader.Read(jupyter, named == ScriptFormatGuess.NoMarker ? ScriptFormatGuess.NoMarker : ScriptFormatGuess.Light, file);
            }
            if (other.Count > 0) frontMatter = FrontMatter.ToCell(other);
            next = end + 1;
            // jupytext skips one blank line after the header, also a bare comment ("#").
            if (next < lines.Count && TextLines.IsBlank(LightSyntax.UncommentPrefix(lines[next], syntax.Comment))) next++;
        }
        if (executable is not null) Jupytext(metadata)["executable"] = executable;
        if (encoding is not null) Jupytext(metadata)["encoding"] = encoding;
        return (metadata, frontMatter, next);
    }

    /// <summary>The uncommented YAML lines of the header, the index of the first, and the index of the closing fence (-1: no header).</summary>
    private static (List<string> Yaml, int First, int End) HeaderLines(LightSyntax syntax, List<string> lines, int start, string file)
    {
        var yaml = new List<string>();
        var started = false;
        var first = -1;
        for (var i = start; i < lines.Count; i++)
        {
            if (!lines[i].StartsWith(syntax.Comment, StringComparison.Ordinal)) break;
            var line = syntax.Lines.Uncomment(lines[i]);
            if (HeaderFence.IsMatch(line))
            {
                if (started) return (yaml, first, i);
                started = true;
                first = i + 1;
                continue;
            }
            if (!started)
            {
                if (line.Trim().Length > 0) break;
                continue;
            }
            yaml.Add(line);
        }
        if (started) throw new NotebookFormatException(file, $"the header that starts at line {first} has no closing \"{syntax.Lines.CommentLine("---")}\" line", line: first);
        return ([], -1, -1);
    }

    /// <summary>
    /// The inner lines of a first raw cell that goes into the header, as jupytext puts any
    /// <c>---</c>-fenced first raw cell there (YAML or not) – only when reading gives the cell back exactly.
    /// </summary>
    public static List<string>? FrontMatterOf(IReadOnlyList<Cell> cells, MetadataFilter cellFilter)
    {
        if (cells.Count == 0 || cells[0].CellType != CellType.Raw || CellMetadataView.Shown(cells[0], cellFilter, null).Count > 0) return null;
        var lines = TextLines.OfSource(cells[0].Source);
        if (lines.Count < 3 || lines[0] != "---" || lines[^1] != "---") return null;
        var inner = lines.GetRange(1, lines.Count - 2);
        return inner.Any(l => HeaderFence.IsMatch(l) || l.StartsWith("jupyter", StringComparison.Ordinal) || l.Contains('\r')) ? null : inner;
    }

    /// <summary>The lines above the first cell: <c>#!</c> and coding lines, then the commented YAML header.</summary>
    public static List<string> Write(LightSyntax syntax, Notebook notebook, string mainLanguage, TextFormatOptions options, List<string>? frontMatter)
    {
        var lines = new List<string>();
        var header = TextHeader.Build(notebook.Metadata, options.NotebookMetadata, syntax.Language.Extension, "light", FormatVersion);
        var jupytext = (JObject)header["jupytext"]!;
        jupytext.Remove("cell_markers"); // NbTools writes jupytext's default markers (# + / # -), so the text must not ask for others
        if (jupytext["executable"].Str() is { } executable)
        {
            lines.Add("#!" + executable);
            jupytext.Remove("executable");
        }
        if (jupytext["encoding"].Str() is { } encoding)
        {
            lines.Add(encoding);
            jupytext.Remove("encoding");
        }
        else if (PercentWriter.NeedsUtf8Line(notebook, mainLanguage))
        {
            lines.Add(PercentWriter.Utf8Line(syntax.Lines));
        }
        lines.Add(syntax.Lines.CommentLine("---"));
        if (frontMatter is not null) lines.AddRange(frontMatter.Select(syntax.Lines.CommentLine));
        lines.AddRange(YamlHeader.ToLines(new JObject { ["jupyter"] = header }).Select(syntax.Lines.CommentLine));
        lines.Add(syntax.Lines.CommentLine("---"));
        return lines;
    }

    private static JObject Jupytext(JObject metadata)
    {
        if (metadata["jupytext"] is JObject jupytext) return jupytext;
        jupytext = new JObject();
        metadata["jupytext"] = jupytext;
        return jupytext;
    }
}
