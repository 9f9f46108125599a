using System.Text;
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
    // Reused from cell to cell: a cell's source is built in one buffer and made a string once.
    private readonly StringBuilder source = new();
    private readonly HashSet<int> quoted = []; // lines (by index) that start inside a string: rare
    private FileLines lines = null!;

    public Notebook Read(FileLines fileLines)
    {
        lines = fileLines;
        var position = 0;
        string? encoding = null;
        if (lines.Count > 0 && syntax.Uncomment(lines.Span(0)).Trim().StartsWith("-*- coding:", StringComparison.Ordinal))
        {
            encoding = lines[0];
            position = 1;
        }
        var (metadata, headerCell, next) = ReadHeader(position);
        position = next;
        var notebook = new Notebook { Metadata = metadata };
        if (headerCell is not null) notebook.Cells.Add(headerCell);
        var mainLanguage = ScriptLanguage.UsualName(metadata.SelectToken("kernelspec.language").Str()) ?? syntax.Language.Name;

        // Lines before the first marker form a code cell, as in jupytext.
        var firstMarker = position;
        while (firstMarker < lines.Count && !syntax.IsMarker(lines.Span(firstMarker))) firstMarker++;
        var end = firstMarker;
        while (end > position && TextLines.IsBlank(lines.Span(end - 1))) end--;
        if (end > position)
        {
            quoted.Clear();
            source.Clear();
            UncommentCode(position, end, trackStrings: true);
            notebook.Cells.Add(new Cell(CellType.Code, source.ToString()));
        }
        position = firstMarker;
        while (position < lines.Count)
        {
            position = ReadCell(position, mainLanguage, notebook);
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

    private (JObject Metadata, Cell? HeaderCell, int Next) ReadHeader(int start)
    {
        if (start >= lines.Count || !IsHeaderFence(start)) return (new JObject(), null, start);
        var end = start + 1;
        while (end < lines.Count && !IsHeaderFence(end)) end++;
        if (end >= lines.Count)
        {
            throw new NotebookFormatException(file, $"the header that starts at line {start + 1} has no closing \"{syntax.CommentLine("---")}\" line", line: start + 1);
        }
        var yaml = new List<string>(end - start - 1);
        for (var i = start + 1; i < end; i++) yaml.Add(syntax.Uncomment(lines[i]));
        var mapping = YamlHeader.Parse(yaml, file, firstLine: start + 2);
        if (mapping["jupyter"] is not null and not JObject)
        {
            throw new NotebookFormatException(file, "the header's \"jupyter\" key must hold a mapping", line: start + 2);
        }
        var next = end + 1;
        if (next < lines.Count && TextLines.IsBlank(lines.Span(next))) next++;

        var metadata = mapping["jupyter"] is JObject jupyter ? TextHeader.Read(jupyter, "percent", file) : new JObject();
        var (_, other) = FrontMatter.Split(yaml);
        var headerCell = other.Count > 0 ? FrontMatter.ToCell(other) : null;
        return (metadata, headerCell, next);
    }

    private bool IsHeaderFence(int line) => syntax.Uncomment(lines.Span(line)).TrimEnd().SequenceEqual("---");

    private int ReadCell(int markerIndex, string mainLanguage, Notebook notebook)
    {
        var markerLine = lines.Span(markerIndex);
        var (cellType, metadata, language, magicArgs, endsWithBlank, openString) = ParseMarker(markerLine, markerIndex + 1);
        var tracker = new QuoteTracker(language is null ? syntax.Language.Name : ScriptLanguage.UsualName(language) ?? language, syntax.Comment, enabled: !openString);
        tracker.Read(markerLine);
        quoted.Clear();
        var next = markerIndex + 1;
        for (; next < lines.Count; next++)
        {
            var line = lines.Span(next);
            if (tracker.InString)
            {
                quoted.Add(next);
                tracker.Read(line);
                continue;
            }
            tracker.Read(line);
            if (syntax.IsMarker(line)) break;
        }

        // The cell's own lines: jupytext drops two blank lines after a non-blank one, else one.
        var count = next - markerIndex; // the marker and the cell's lines
        var drop = 0;
        if (count >= 3 && !TextLines.IsBlank(lines.Span(next - 3)) && TextLines.IsBlank(lines.Span(next - 2)) && TextLines.IsBlank(lines.Span(next - 1))) drop = 2;
        else if (count > 1 && TextLines.IsBlank(lines.Span(next - 1))) drop = 1;
        if (endsWithBlank && drop > 0) drop--;
        var end = next - drop;

        source.Clear();
        var activeLanguage = language is not null && JupyterLanguages.IsMain(language, mainLanguage);
        if (cellType == CellType.Code && (language is null || activeLanguage))
        {
            UncommentCode(markerIndex + 1, end, trackStrings: !openString);
        }
        else
        {
            if (cellType == CellType.Code && language is not null)
            {
                source.Append(JupyterLanguages.MagicLine(mainLanguage, language, magicArgs)).Append('\n');
            }
            for (var i = markerIndex + 1; i < end; i++)
            {
                var line = lines.Span(i);
                if (syntax.IsEscaped(line)) line = syntax.Unescape(line);
                if (i > markerIndex + 1) source.Append('\n');
                source.Append(syntax.Uncomment(line));
            }
        }
        var cell = new Cell(cellType, source.ToString());
        if (metadata is not null) cell.Metadata = metadata;
        notebook.Cells.Add(cell);
        return next;
    }

    /// <summary>
    /// Appends lines <paramref name="start"/> to <paramref name="end"/> of a code cell to the
    /// source: escaped markers unescaped (outside strings) and commented magics uncommented.
    /// </summary>
    private void UncommentCode(int start, int end, bool trackStrings)
    {
        var tracker = new QuoteTracker(syntax.Language.Name, syntax.Comment, trackStrings);
        var continuation = false;
        for (var i = start; i < end; i++)
        {
            var line = lines.Span(i);
            if (!quoted.Contains(i) && syntax.IsEscaped(line)) line = syntax.Unescape(line);
            if (i > start) source.Append('\n');
            if (!tracker.InString && (continuation || syntax.IsMagic(line)))
            {
                AppendUncommentedMagic(line);
                continuation = syntax.ContinuesMagic(line);
            }
            else
            {
                source.Append(line);
                continuation = false;
            }
            tracker.Read(line);
        }
    }

    /// <summary>Appends a magic line with one comment level removed, keeping its indentation (<see cref="PercentSyntax.UncommentMagic"/>).</summary>
    private void AppendUncommentedMagic(ReadOnlySpan<char> line)
    {
        var unindented = line.TrimStart();
        var comment = syntax.Comment;
        if (!unindented.StartsWith(comment, StringComparison.Ordinal))
        {
            source.Append(line);
            return;
        }
        source.Append(line[..(line.Length - unindented.Length)]);
        var rest = unindented[comment.Length..];
        source.Append(rest.StartsWith(' ') ? rest[1..] : rest);
    }

    private (string CellType, JObject? Metadata, string? Language, string? MagicArgs, bool EndsWithBlank, bool OpenString) ParseMarker(ReadOnlySpan<char> line, int lineNumber)
    {
        var text = syntax.MarkerOptions(line);
        var cellType = CellType.Code;
        var title = "";
        List<KeyValuePair<string, JToken?>> options = [];
        // The usual markers need no parsing: no options, and a type tag or nothing.
        if (text.SequenceEqual("[markdown]") || text.SequenceEqual("[md]")) cellType = CellType.Markdown;
        else if (text.SequenceEqual("[raw]")) cellType = CellType.Raw;
        else if (text.Length > 0)
        {
            try
            {
                (title, options) = MarkerOptions.Parse(text.ToString());
            }
            catch (FormatException ex)
            {
                throw new NotebookFormatException(file, ex.Message, line: lineNumber);
            }
            foreach (var tag in new[] { "[markdown]", "[md]", "[raw]" })
            {
                if (title.Contains(tag, StringComparison.Ordinal))
                {
                    cellType = tag == "[raw]" ? CellType.Raw : CellType.Markdown;
                    title = title.Replace(tag, "").Trim();
                    break;
                }
            }
        }
        JObject? metadata = null;
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
                    (metadata ??= new JObject())[key] = value ?? JValue.CreateNull();
                    break;
            }
        }
        if (title.Length > 0) (metadata ??= new JObject())["title"] = title;
        var depth = syntax.MarkerDepth(line);
        if (depth > 0) (metadata ??= new JObject())["cell_depth"] = depth;
        return (cellType, metadata, language, magicArgs, endsWithBlank, openString);
    }
}
