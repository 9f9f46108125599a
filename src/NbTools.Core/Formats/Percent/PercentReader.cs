using NbTools.Core.Json;
using NbTools.Core.Formats.Ipynb;
using NbTools.Core.Formats.Text;
using NbTools.Core.Model;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Formats.Percent;

/// <summary>
/// Reads percent scripts – NbTools' and jupytext's – into a notebook. Cell boundaries, blank lines
/// between cells, commented magics and <c>language="…"</c> cells follow jupytext's reader, so a
/// file means the same to both tools; NbTools' annotations (escaped markers, exact trailing blank
/// lines) are applied on top.
/// </summary>
internal sealed class PercentReader(PercentSyntax syntax, string file)
{
    public Notebook Read(string text)
    {
        var lines = TextLines.OfFile(text);
        var position = 0;
        string? encoding = null;
        if (lines.Count > 0 && syntax.Uncomment(lines[0]).Trim() is var first && first.StartsWith("-*- coding:", StringComparison.Ordinal))
        {
            encoding = lines[0];
            position = 1;
        }
        var (metadata, headerCell, next) = ReadHeader(lines, position);
        position = next;
        var notebook = new Notebook { Metadata = metadata };
        if (headerCell is not null) notebook.Cells.Add(headerCell);
        var mainLanguage = ScriptLanguage.UsualName(metadata.SelectToken("kernelspec.language").Str()) ?? syntax.Language.Name;

        // Lines before the first marker form a code cell, as in jupytext.
        var firstMarker = position;
        while (firstMarker < lines.Count && !syntax.IsMarker(lines[firstMarker])) firstMarker++;
        if (lines.Skip(position).Take(firstMarker - position).Any(l => !TextLines.IsBlank(l)))
        {
            var content = lines.GetRange(position, firstMarker - position);
            while (content.Count > 0 && TextLines.IsBlank(content[^1])) content.RemoveAt(content.Count - 1);
            notebook.Cells.Add(new Cell(CellType.Code, string.Join("\n", UncommentCode(content, [], trackStrings: true))));
        }
        position = firstMarker;
        while (position < lines.Count)
        {
            position = ReadCell(lines, position, mainLanguage, notebook);
        }
        // The standard UTF-8 line is implied by the text (the writer adds it back); another is kept.
        if (encoding is not null && !(encoding == PercentWriter.Utf8Line(syntax) && PercentWriter.NeedsUtf8Line(notebook, mainLanguage)))
        {
            var jupytext = metadata["jupytext"] as JObject ?? new JObject();
            jupytext["encoding"] = encoding;
            metadata["jupytext"] = jupytext;
        }
        CellIds.Assign(notebook);
        Text.KnownMetadata.Check(notebook, file);
        return notebook;
    }

    private (JObject Metadata, Cell? HeaderCell, int Next) ReadHeader(List<string> lines, int start)
    {
        if (start >= lines.Count || syntax.Uncomment(lines[start]).TrimEnd() != "---") return (new JObject(), null, start);
        var end = start + 1;
        while (end < lines.Count && syntax.Uncomment(lines[end]).TrimEnd() != "---") end++;
        if (end >= lines.Count)
        {
            throw new NotebookFormatException(file, $"the header that starts at line {start + 1} has no closing \"{syntax.CommentLine("---")}\" line", line: start + 1);
        }
        var yaml = lines.GetRange(start + 1, end - start - 1).Select(syntax.Uncomment).ToList();
        var mapping = YamlHeader.Parse(yaml, file, firstLine: start + 2);
        if (mapping["jupyter"] is not null and not JObject)
        {
            throw new NotebookFormatException(file, "the header's \"jupyter\" key must hold a mapping", line: start + 2);
        }
        var next = end + 1;
        if (next < lines.Count && TextLines.IsBlank(lines[next])) next++;

        var metadata = mapping["jupyter"] is JObject jupyter ? TextHeader.Read(jupyter, "percent", file) : new JObject();
        var (_, other) = FrontMatter.Split(yaml);
        var headerCell = other.Count > 0 ? FrontMatter.ToCell(other) : null;
        return (metadata, headerCell, next);
    }

    private int ReadCell(List<string> lines, int markerIndex, string mainLanguage, Notebook notebook)
    {
        var markerLine = lines[markerIndex];
        var (cellType, metadata, language, magicArgs, endsWithBlank, openString) = ParseMarker(markerLine, markerIndex + 1);
        var tracker = new QuoteTracker(language is null ? syntax.Language.Name : ScriptLanguage.UsualName(language) ?? language, syntax.Comment, enabled: !openString);
        tracker.Read(markerLine);
        var quoted = new HashSet<int>(); // content lines (by index) that start inside a string: rare
        var next = markerIndex + 1;
        for (; next < lines.Count; next++)
        {
            var line = lines[next];
            if (tracker.InString)
            {
                quoted.Add(next - markerIndex - 1);
                tracker.Read(line);
                continue;
            }
            tracker.Read(line);
            if (syntax.IsMarker(line)) break;
        }

        // The cell's own lines: jupytext drops two blank lines after a non-blank one, else one.
        var content = lines.GetRange(markerIndex + 1, next - markerIndex - 1);
        var all = lines.GetRange(markerIndex, next - markerIndex);
        var drop = 0;
        if (all.Count >= 3 && !TextLines.IsBlank(all[^3]) && TextLines.IsBlank(all[^2]) && TextLines.IsBlank(all[^1])) drop = 2;
        else if (all.Count >= 1 && TextLines.IsBlank(all[^1]) && all.Count > 1) drop = 1;
        if (endsWithBlank && drop > 0) drop--;
        content.RemoveRange(content.Count - drop, drop);

        string source;
        var activeLanguage = language is not null && JupyterLanguages.IsMain(language, mainLanguage);
        if (cellType == CellType.Code && (language is null || activeLanguage))
        {
            source = string.Join("\n", UncommentCode(content, quoted, trackStrings: !openString));
        }
        else
        {
            var body = content.Select(l => syntax.IsEscaped(l) ? syntax.Unescape(l) : l).Select(syntax.Uncomment).ToList();
            source = string.Join("\n", body);
            if (cellType == CellType.Code && language is not null)
            {
                source = JupyterLanguages.MagicLine(mainLanguage, language, magicArgs) + "\n" + source;
            }
        }
        var cell = new Cell(cellType, source) { Metadata = metadata };
        notebook.Cells.Add(cell);
        return next;
    }

    private List<string> UncommentCode(List<string> content, HashSet<int> quoted, bool trackStrings)
    {
        var lines = new List<string>(content.Count);
        for (var i = 0; i < content.Count; i++)
        {
            lines.Add(!quoted.Contains(i) && syntax.IsEscaped(content[i]) ? syntax.Unescape(content[i]) : content[i]);
        }
        var tracker = new QuoteTracker(syntax.Language.Name, syntax.Comment, trackStrings);
        var continuation = false;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (!tracker.InString && (continuation || syntax.IsMagic(line)))
            {
                lines[i] = syntax.UncommentMagic(line);
                continuation = syntax.ContinuesMagic(line);
            }
            else
            {
                continuation = false;
            }
            tracker.Read(line);
        }
        return lines;
    }

    private (string CellType, JObject Metadata, string? Language, string? MagicArgs, bool EndsWithBlank, bool OpenString) ParseMarker(string line, int lineNumber)
    {
        string title;
        List<KeyValuePair<string, JToken?>> options;
        try
        {
            (title, options) = MarkerOptions.Parse(syntax.MarkerOptions(line));
        }
        catch (FormatException ex)
        {
            throw new NotebookFormatException(file, ex.Message, line: lineNumber);
        }
        var cellType = CellType.Code;
        foreach (var tag in new[] { "[markdown]", "[md]", "[raw]" })
        {
            if (title.Contains(tag, StringComparison.Ordinal))
            {
                cellType = tag == "[raw]" ? CellType.Raw : CellType.Markdown;
                title = title.Replace(tag, "").Trim();
                break;
            }
        }
        var metadata = new JObject();
        string? language = null, magicArgs = null;
        bool endsWithBlank = false, openString = false;
        foreach (var (key, value) in options)
        {
            switch (key)
            {
                case "language" when value is JValue { Type: JTokenType.String }:
                    language = (string)value!;
                    break;
                case "magic_args" when value is JValue { Type: JTokenType.String }:
                    magicArgs = (string)value!;
                    break;
                case "cell_type" when value is JValue { Type: JTokenType.String }:
                    cellType = (string)value!;
                    break;
                case PercentWriter.EndsWithBlankLine:
                    endsWithBlank = true;
                    break;
                case PercentWriter.OpenString:
                    openString = true;
                    break;
                default:
                    metadata[key] = value ?? JValue.CreateNull();
                    break;
            }
        }
        if (title.Length > 0) metadata["title"] = title;
        var depth = syntax.MarkerDepth(line);
        if (depth > 0) metadata["cell_depth"] = depth;
        return (cellType, metadata, language, magicArgs, endsWithBlank, openString);
    }
}
