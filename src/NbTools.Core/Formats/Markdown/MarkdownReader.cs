using NbTools.Core.Formats.Ipynb;
using NbTools.Core.Formats.Text;
using NbTools.Core.Model;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Formats.Markdown;

/// <summary>
/// Reads Markdown notebooks (NbTools' and jupytext's) into the cells jupytext reads from them
/// (<see cref="MarkdownCellSplitter"/> finds the cells): a backtick fence tagged with a cell
/// language is a code cell, <c>&lt;!-- #region --&gt;</c> and <c>&lt;!-- #raw --&gt;</c> comments
/// hold cells verbatim, other text splits into markdown cells at two blank lines.
/// </summary>
internal sealed class MarkdownReader(string file)
{
    public Notebook Read(string text)
    {
        var lines = TextLines.OfFile(text);
        var (metadata, frontMatterCell, start) = ReadHeader(lines);
        var notebook = new Notebook { Metadata = metadata };
        if (frontMatterCell is not null) notebook.Cells.Add(frontMatterCell);
        var mainLanguage = NotebookLanguage.MainLanguage(notebook) ?? "python";

        var body = lines.GetRange(start, lines.Count - start);
        foreach (var piece in MarkdownCellSplitter.Split(body, language => IsCellLanguage(language, mainLanguage)))
        {
            notebook.Cells.Add(piece.Kind switch
            {
                MarkdownCellSplitter.Kind.Region => RegionCell(body, piece, start),
                MarkdownCellSplitter.Kind.Code => CodeCell(body, piece, start, mainLanguage),
                _ => new Cell(CellType.Markdown, string.Join("\n", body.GetRange(piece.ContentStart, piece.ContentEnd - piece.ContentStart))),
            });
        }
        CellIds.Assign(notebook);
        Text.KnownMetadata.Check(notebook, file);
        return notebook;
    }

    /// <summary>A fence language that makes a code cell: one jupytext knows, or the notebook's own.</summary>
    public static bool IsCellLanguage(string language, string mainLanguage) =>
        JupyterLanguages.Contains(language) || JupyterLanguages.IsMain(language, mainLanguage);

    private (JObject Metadata, Cell? FrontMatterCell, int BodyStart) ReadHeader(List<string> lines)
    {
        if (lines.Count == 0 || lines[0].TrimEnd() != "---") return (new JObject(), null, 0);
        var end = 1;
        while (end < lines.Count && lines[end].TrimEnd() != "---") end++;
        if (end >= lines.Count) throw new NotebookFormatException(file, "the YAML header that starts at line 1 has no closing \"---\" line", line: 1);
        var yaml = lines.GetRange(1, end - 1);
        var mapping = YamlHeader.Parse(yaml, file, firstLine: 2);
        var metadata = mapping["jupyter"] is JObject jupyter ? TextHeader.Read(jupyter, "markdown", file) : new JObject();
        var (_, other) = FrontMatter.Split(yaml);
        var next = end + 1;
        if (next < lines.Count && TextLines.IsBlank(lines[next])) next++;
        return (metadata, other.Count > 0 ? FrontMatter.ToCell(other) : null, next);
    }

    private Cell RegionCell(List<string> body, MarkdownCellSplitter.Piece piece, int offset)
    {
        var region = MarkdownCellSplitter.RegionStart().Match(body[piece.Start]);
        var name = region.Groups[1].Value;
        if (!piece.Closed)
        {
            var endName = name is "region" ? "endregion" : "end" + name;
            throw new NotebookFormatException(file, $"the <!-- #{name} --> region that starts here has no <!-- #{endName} -->", line: offset + piece.Start + 1);
        }
        var (title, options) = ParseOptions(region.Groups[2].Value, offset + piece.Start + 1);
        var cellType = name == "raw" ? CellType.Raw : CellType.Markdown;
        var metadata = new JObject();
        foreach (var (key, value) in options)
        {
            if (key == "cell_type" && value is JValue { Type: JTokenType.String }) cellType = (string)value!;
            else metadata[key] = value ?? JValue.CreateNull();
        }
        if (title.Length > 0) metadata["title"] = title;
        return new Cell(cellType, string.Join("\n", body.GetRange(piece.ContentStart, piece.ContentEnd - piece.ContentStart))) { Metadata = metadata };
    }

    private Cell CodeCell(List<string> body, MarkdownCellSplitter.Piece piece, int offset, string mainLanguage)
    {
        var (_, options) = ParseOptions(piece.Options, offset + piece.Start + 1);
        var metadata = new JObject();
        string? magicArgs = null;
        foreach (var (key, value) in options)
        {
            if (key == "magic_args" && value is JValue { Type: JTokenType.String }) magicArgs = (string)value!;
            else metadata[key] = value ?? JValue.CreateNull();
        }
        var source = string.Join("\n", body.GetRange(piece.ContentStart, piece.ContentEnd - piece.ContentStart)); // one blank line (an empty cell) joins to ""
        if (!JupyterLanguages.IsMain(piece.Language, mainLanguage))
        {
            source = JupyterLanguages.MagicLine(mainLanguage, piece.Language, magicArgs) + "\n" + source;
        }
        return new Cell(CellType.Code, source) { Metadata = metadata };
    }

    private (string Title, List<KeyValuePair<string, JToken?>> Options) ParseOptions(string text, int line)
    {
        try
        {
            return MarkerOptions.Parse(text.Trim());
        }
        catch (FormatException ex)
        {
            throw new NotebookFormatException(file, ex.Message, line: line);
        }
    }
}
