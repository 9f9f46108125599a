using NbTools.Core.Formats.Ipynb;
using NbTools.Core.Formats.Percent;
using NbTools.Core.Formats.Text;
using NbTools.Core.Json;
using NbTools.Core.Model;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Formats.Light;

/// <summary>Reads a light script – jupytext's or NbTools' – into a notebook, cell by cell with jupytext's rules.</summary>
internal sealed class LightReader(LightSyntax syntax, string file)
{
    public Notebook Read(string text) => Read(TextLines.OfFile(text));

    public Notebook Read(List<string> lines)
    {
        var (metadata, frontMatter, position) = LightHeader.Read(syntax, lines, file);
        var notebook = new Notebook { Metadata = metadata };
        if (frontMatter is not null) notebook.Cells.Add(frontMatter);
        var mainLanguage = MainLanguage(metadata, syntax);
        var cells = syntax;
        if (CellMarkers(metadata, lines) is { } markers)
        {
            cells = new LightSyntax(syntax.Language, markers);
            if (metadata["jupytext"] is not JObject recorded) metadata["jupytext"] = recorded = new JObject();
            recorded["cell_markers"] = markers; // as jupytext records the format options it read with
        }
        var reader = new LightCellReader(cells, mainLanguage, file);
        while (position < lines.Count)
        {
            var cell = reader.Read(lines, position);
            notebook.Cells.Add(cell.ToCell());
            position = cell.Next;
        }
        // The standard UTF-8 line is implied by the text (the writer adds it back); another is kept.
        if (metadata["jupytext"] is JObject jupytext && jupytext["encoding"].Str() == PercentWriter.Utf8Line(syntax.Lines)
            && PercentWriter.NeedsUtf8Line(notebook, NotebookLanguage.MainLanguage(notebook) ?? syntax.Language.Name))
        {
            jupytext.Remove("encoding");
            if (!jupytext.HasValues) metadata.Remove("jupytext");
        }
        CellIds.Assign(notebook);
        KnownMetadata.Check(notebook, file);
        return notebook;
    }

    /// <summary>
    /// jupytext's custom cell markers: the notebook's <c>jupytext.cell_markers</c>, else – in a script
    /// whose header names no format – the folding comments it uses (<c># {{{</c>, <c># region</c>).
    /// </summary>
    private string? CellMarkers(JObject metadata, List<string> lines)
    {
        if (metadata.SelectToken("jupytext.cell_markers").Str() is { } named) return named is "+,-" || !named.Contains(',') ? null : named;
        return ScriptFormatGuess.Named(lines, syntax.Language) is null ? ScriptFormatGuess.FoldingMarkers(lines, syntax.Language) : null;
    }

    /// <summary>The language of the cells that carry no language option (jupytext: main_language, kernelspec, extension).</summary>
    public static string MainLanguage(JObject metadata, LightSyntax syntax) =>
        ScriptLanguage.UsualName(metadata.SelectToken("jupytext.main_language").Str())
        ?? ScriptLanguage.UsualName(metadata.SelectToken("kernelspec.language").Str())
        ?? syntax.Language.Name;
}
