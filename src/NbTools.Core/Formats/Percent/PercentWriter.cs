using NbTools.Core.Json;
using NbTools.Core.Formats.Text;
using NbTools.Core.Model;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Formats.Percent;

/// <summary>
/// Writes a notebook as a percent script, in jupytext's syntax, so that jupytext reads it; where
/// jupytext's rules cannot express a cell exactly, NbTools adds the smallest annotation that can
/// (see README.md beside this file): every cell source survives byte for byte.
/// </summary>
internal sealed class PercentWriter(PercentSyntax syntax, TextFormatOptions options)
{
    /// <summary>Marker option: this cell's source ends with a blank line (jupytext would drop it).</summary>
    public const string EndsWithBlankLine = "nbtools.ends_with_blank_line";

    /// <summary>
    /// Marker option: this code cell ends inside a string literal by jupytext's quote rules, which
    /// would hide the next cell marker from the reader; the cell is written and read with no string
    /// tracking, so every marker-like line in it is escaped and the next marker is seen.
    /// </summary>
    public const string OpenString = "nbtools.open_string";

    public void Write(Notebook notebook, Stream output)
    {
        using var lines = new LineSink(output);
        var metadata = notebook.Metadata;
        var mainLanguage = NotebookLanguage.MainLanguage(notebook) ?? syntax.Language.Name;
        var header = TextHeader.Build(metadata, options.NotebookMetadata, syntax.Language.Extension, "percent");
        if (header["jupytext"] is JObject jupytext && jupytext["encoding"].Str() is { } encoding)
        {
            lines.Add(encoding);
            jupytext.Remove("encoding");
        }
        else if (NeedsUtf8Line(notebook, mainLanguage))
        {
            lines.Add(Utf8Line(syntax));
        }
        var cells = notebook.Cells.ToList();
        var frontMatter = FrontMatter.Of(cells, options.CellMetadata);
        if (frontMatter is not null) cells.RemoveAt(0);
        lines.Add(syntax.CommentLine("---"));
        if (frontMatter is not null) lines.AddRange(frontMatter.Select(syntax.CommentLine));
        lines.AddRange(YamlHeader.ToLines(new JObject { ["jupyter"] = header }).Select(syntax.CommentLine));
        lines.Add(syntax.CommentLine("---"));
        lines.Add("");

        var defaultKernel = NotebookLanguage.DefaultKernel(notebook);
        for (var i = 0; i < cells.Count; i++)
        {
            var (marker, body) = Render(cells[i], mainLanguage, defaultKernel);
            var trailingBlank = 0;
            for (var j = body.Count - 1; j >= 0 && TextLines.IsBlank(body[j]); j--) trailingBlank++;
            if (trailingBlank == 1) marker.Add(new(EndsWithBlankLine, true));
            lines.Add(MarkerLine(marker));
            lines.AddRange(body);
            var last = i == cells.Count - 1;
            // One blank line separates cells; a cell ending in two or more blank lines gets one more
            // at the end of the file, so that the reader's rule (drop 2 blank lines after a
            // non-blank one, else 1) gives back exactly the cell's own lines.
            if (!last || trailingBlank >= 2) lines.Add("");
        }
    }

    /// <summary>The line jupytext puts first in a non-Python script with non-ASCII text.</summary>
    public static string Utf8Line(PercentSyntax syntax) => syntax.Comment + " -*- coding: utf-8 -*-";

    public static bool NeedsUtf8Line(Notebook notebook, string mainLanguage) =>
        mainLanguage != "python" && notebook.Cells.Any(c => c.Source.AsSpan().IndexOfAnyExceptInRange('\0', '\x7f') >= 0);

    private string MarkerLine(List<KeyValuePair<string, JToken?>> marker)
    {
        var text = Text.MarkerOptions.Format(marker.Where(o => o.Key != TypeTag));
        var tag = marker.FirstOrDefault(o => o.Key == TypeTag).Value;
        var parts = (tag is null ? "" : (string)tag!) + (tag is not null && text.Length > 0 ? " " : "") + text;
        return syntax.CommentLine(parts.Length == 0 ? "%%" : "%% " + parts);
    }

    private const string TypeTag = "\0type";

    private (List<KeyValuePair<string, JToken?>> Marker, List<string> Body) Render(Cell cell, string mainLanguage, string? defaultKernel)
    {
        var marker = new List<KeyValuePair<string, JToken?>>();
        var source = TextLines.OfSource(cell.Source);
        switch (cell.CellType)
        {
            case CellType.Markdown:
                marker.Add(new(TypeTag, "[markdown]"));
                marker.AddRange(CellMetadataView.Shown(cell, options.CellMetadata, defaultKernel));
                return (marker, CommentAll(source));
            case CellType.Raw:
                marker.Add(new(TypeTag, "[raw]"));
                marker.AddRange(CellMetadataView.Shown(cell, options.CellMetadata, defaultKernel));
                return (marker, CommentAll(source));
            case CellType.Code:
                if (JupyterLanguages.FirstLineMagic(source, mainLanguage) is { } language)
                {
                    marker.AddRange(CellMetadataView.Shown(cell, options.CellMetadata, defaultKernel));
                    if (language.Arguments is not null) marker.Add(new("magic_args", language.Arguments));
                    marker.Add(new("language", language.Name));
                    return (marker, CommentAll(source.Skip(1).ToList()));
                }
                marker.AddRange(CellMetadataView.Shown(cell, options.CellMetadata, defaultKernel));
                var code = Code(source, trackStrings: true);
                if (!EndsInString(code)) return (marker, code);
                marker.Add(new(OpenString, true));
                return (marker, Code(source, trackStrings: false));
            default:
                marker.Add(new("cell_type", cell.CellType));
                marker.AddRange(CellMetadataView.Shown(cell, options.CellMetadata, defaultKernel));
                return (marker, CommentAll(source));
        }
    }

    private List<string> CommentAll(List<string> lines) =>
        lines.Select(l => syntax.CommentLine(l)).Select(l => syntax.NeedsEscape(l) ? syntax.Escape(l) : l).ToList();

    /// <summary>True when the reader, reading these lines after a marker, would still be inside a string at their end.</summary>
    private bool EndsInString(List<string> code)
    {
        var tracker = new QuoteTracker(syntax.Language.Name, syntax.Comment);
        foreach (var line in code) tracker.Read(line);
        return tracker.InString;
    }

    private List<string> Code(List<string> source, bool trackStrings)
    {
        var magicTracker = new QuoteTracker(syntax.Language.Name, syntax.Comment, trackStrings);
        var output = new List<string>(source.Count);
        var continuation = false;
        foreach (var line in source)
        {
            if (!magicTracker.InString && (continuation || syntax.IsMagic(line)))
            {
                output.Add(syntax.CommentMagic(line, continuation));
                continuation = syntax.ContinuesMagic(line);
            }
            else
            {
                output.Add(line);
                continuation = false;
            }
            magicTracker.Read(output[^1]); // the line as the reader will see it: a commented magic opens no string
        }
        var markerTracker = new QuoteTracker(syntax.Language.Name, syntax.Comment, trackStrings);
        for (var i = 0; i < output.Count; i++)
        {
            var line = output[i];
            if (!markerTracker.InString && syntax.NeedsEscape(line)) output[i] = syntax.Escape(line);
            markerTracker.Read(line);
        }
        return output;
    }
}
