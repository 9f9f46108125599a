using NbTools.Core.Formats.Text;
using NbTools.Core.Json;
using NbTools.Core.Model;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Formats.Light;

/// <summary>
/// One cell as light-script text, at a level of explicitness: 0 is jupytext's own text of it
/// (its <c>LightScriptCellExporter</c>), 1 the same with PEP 8 spacing instead of the layout its
/// metadata asks for, 2 an explicit <c># +</c> … <c># -</c> region, 3 NbTools' verbatim region,
/// which holds any cell exactly. The writer raises a cell's level until the text reads back into it.
/// </summary>
internal sealed class LightCellWriter(LightSyntax syntax, TextFormatOptions options, string mainLanguage, string? defaultKernel)
{
    public const int Exact = 3;

    /// <summary>Keys that describe the text's layout, never shown on a marker (jupytext's own list).</summary>
    public static readonly string[] LayoutKeys = ["lines_to_next_cell", "lines_to_end_of_cell_marker", "cell_marker", "skipline", "noskipline"];

    private static readonly string[] ReadKeys = ["cell_type", "language", "magic_args", "endofcell", "active", LightCellReader.Verbatim];

    /// <summary>The metadata the text shows for a cell: what reading it must give back.</summary>
    public JObject Shown(Cell cell)
    {
        var shown = new JObject();
        foreach (var (key, value) in CellMetadataView.Shown(cell, options.CellMetadata, defaultKernel))
        {
            if (!LayoutKeys.Contains(key)) shown[key] = value?.DeepClone();
        }
        return shown;
    }

    public LightCellText Write(Cell cell, int level) => level >= Exact ? Verbatim(cell) : Jupytext(cell, level);

    private LightCellText Verbatim(Cell cell)
    {
        var shown = Shown(cell);
        var source = TextLines.OfSource(cell.Source);
        var body = cell.CellType == CellType.Code ? source : source.Select(l => syntax.Lines.CommentLine(l)).ToList();
        var endOfCell = syntax.EndOfCellFor(body);
        var options = new JObject();
        if (endOfCell != "-") options["endofcell"] = endOfCell;
        options[LightCellReader.Verbatim] = shown.Properties().Any(p => ReadKeys.Contains(p.Name)) ? shown : true;
        if (options[LightCellReader.Verbatim] is JValue) foreach (var property in shown.Properties()) options[property.Name] = property.Value;
        var tag = cell.CellType switch { CellType.Code => null, CellType.Markdown => "markdown", CellType.Raw => "raw", _ => null };
        if (tag is null && cell.CellType != CellType.Code) options["cell_type"] = cell.CellType;
        var lines = new List<string> { syntax.StartLine(LightOptions.FormatJson(options, tag)) };
        lines.AddRange(body);
        lines.Add(syntax.EndLine(endOfCell));
        return new LightCellText(lines, true, null, null, KeepEndMarker: true);
    }

    private LightCellText Jupytext(Cell cell, int level)
    {
        var metadata = Shown(cell);
        var source = cell.Source.Length == 0 ? [""] : TextLines.OfSource(cell.Source);
        var language = mainLanguage;
        if (cell.CellType == CellType.Code && JupyterLanguages.FirstLineMagic(source, mainLanguage) is { } magic)
        {
            source.RemoveAt(0);
            if (magic.Arguments is not null) metadata["magic_args"] = magic.Arguments;
            metadata["language"] = magic.Name;
            language = magic.Name;
        }
        else if (cell.MetadataView["language"].Str() is { } own)
        {
            language = own;
        }
        if (cell.CellType == CellType.Raw && metadata["active"] is null && !LightActivity.HasActiveTag(metadata)) metadata["active"] = "";
        if (syntax.Language.Name == "go" && language == "go")
        {
            source = source.Select(syntax.EscapeGonb).ToList();
        }
        int? linesToNext = level == 0 ? Int(cell, "lines_to_next_cell") : null;
        int? linesToEnd = level == 0 ? Int(cell, "lines_to_end_of_cell_marker") : null;

        var type = cell.CellType;
        if (type == CellType.Markdown && (metadata.Count > 0 || level >= 2))
        {
            if (LightActivity.IsActive(Extension, metadata)) metadata["cell_type"] = type;
            source = MarkdownToText(source, metadata, language, explicitlyCode: false);
            type = CellType.Code;
        }
        if (type == CellType.Markdown)
        {
            return new LightCellText(MarkdownToText(source, metadata, language, explicitlyCode: false), false, linesToNext, linesToEnd, false);
        }
        if (type != CellType.Code && type != CellType.Raw)
        {
            metadata["cell_type"] = type; // an unknown cell type: commented, as a raw cell
        }
        return Code(source, metadata, language, level, linesToNext, linesToEnd, cell.CellType == CellType.Code);
    }

    private LightCellText Code(List<string> source, JObject metadata, string language, int level, int? linesToNext, int? linesToEnd, bool isCodeCell)
    {
        var active = LightActivity.IsActive(Extension, metadata, JupyterLanguages.IsMain(language, mainLanguage));
        var text = LightMagics.EscapeStart(syntax, source, language);
        var commentQuestions = true;
        if (metadata["comment_questions"] is JValue { Type: JTokenType.Boolean } questions)
        {
            commentQuestions = (bool)questions;
            metadata.Remove("comment_questions");
        }
        if (active) LightMagics.Comment(syntax, text, language, commentQuestions);
        else text = MarkdownToText(text, metadata, language, explicitlyCode: isCodeCell);

        var explicitMarker = level >= 2
            || (active && commentQuestions && LightMagics.NeedExplicitMarker(syntax, source, language))
            || NeedsStartMarker(source, text, metadata);
        if (!explicitMarker) return new LightCellText(text, true, linesToNext, linesToEnd, false);

        var endOfCell = syntax.EndOfCellFor(text);
        var typeTag = metadata["cell_type"].Str() is { } cellType ? (cellType == CellType.Code ? null : cellType) : null;
        metadata.Remove("cell_type");
        if (endOfCell != "-") metadata["endofcell"] = endOfCell;
        var lines = new List<string> { syntax.StartLine(LightOptions.Format(metadata, typeTag)) };
        lines.AddRange(text);
        lines.Add(syntax.EndLine(endOfCell));
        return new LightCellText(lines, true, linesToNext, linesToEnd, KeepEndMarker: level >= 2);
    }

    /// <summary>jupytext's test: metadata to show, a cell of comments only, or code that would read as a shorter cell.</summary>
    private bool NeedsStartMarker(List<string> source, List<string> text, JObject metadata)
    {
        if (metadata.Count > 0) return true;
        if (source.All(l => l.StartsWith(syntax.Comment, StringComparison.Ordinal))) return true;
        try
        {
            return new LightCellReader(syntax, syntax.Language.Name, "").Read(text, 0).Next < text.Count;
        }
        catch (NotebookFormatException)
        {
            return true;
        }
    }

    /// <summary>Commented lines (magics commented once more first, as jupytext does in active cells).</summary>
    private List<string> MarkdownToText(List<string> source, JObject metadata, string language, bool explicitlyCode)
    {
        var lines = new List<string>(source);
        if (LightActivity.IsActive(Extension, metadata)) LightMagics.Comment(syntax, lines, language, explicitlyCode);
        return lines.Select(l => syntax.Lines.CommentLine(l)).ToList();
    }

    private string Extension => syntax.Language.Extension[1..];

    private static int? Int(Cell cell, string key) =>
        cell.MetadataView[key] is JValue { Type: JTokenType.Integer } value && (long)value is >= 0 and <= 3 ? (int)(long)value : null;
}
