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

    /// <summary>How one line of a cell's text is made from its source line (<see cref="BodyLine"/>).</summary>
    [Flags]
    private enum LineForm : byte
    {
        /// <summary>The source line as it is.</summary>
        Plain = 0,

        /// <summary>A magic, commented after its indentation (<c>    # %time f()</c>).</summary>
        Magic = 1,

        /// <summary>The continuation of a magic, commented before its indentation.</summary>
        MagicContinuation = 2,

        /// <summary>A markdown or raw line, commented as text (<see cref="PercentSyntax.CommentLine"/>).</summary>
        Text = 4,

        /// <summary>One more comment prefix on the above: the line would read as a cell marker.</summary>
        Escaped = 8,
    }

    /// <summary>A line of the cell being written: a range of its source and how the text shows it.</summary>
    private readonly record struct BodyLine(int Start, int Length, LineForm Form);

    // Reused from cell to cell: a large notebook is written without a list or string per line.
    private readonly List<KeyValuePair<string, JToken?>> marker = [];
    private readonly List<BodyLine> body = [];
    private char[] scratch = new char[256];

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
        var cells = notebook.Cells;
        var frontMatter = FrontMatter.Of(cells, options.CellMetadata);
        lines.Add(syntax.CommentLine("---"));
        if (frontMatter is not null) lines.AddRange(frontMatter.Select(syntax.CommentLine));
        lines.AddRange(YamlHeader.ToLines(new JObject { ["jupyter"] = header }).Select(syntax.CommentLine));
        lines.Add(syntax.CommentLine("---"));
        lines.Add("");

        var defaultKernel = NotebookLanguage.DefaultKernel(notebook);
        var json = Text.MarkerOptions.ValueFormatter(lines.Utf8);
        for (var i = frontMatter is null ? 0 : 1; i < cells.Count; i++)
        {
            var cell = cells[i];
            Render(cell, mainLanguage, defaultKernel);
            var trailingBlank = 0;
            for (var j = body.Count - 1; j >= 0 && IsBlank(cell.Source, body[j]); j--) trailingBlank++;
            if (trailingBlank == 1) marker.Add(new(EndsWithBlankLine, true));
            WriteMarker(lines, json);
            foreach (var line in body) WriteLine(lines, cell.Source, line);
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

    /// <summary>
    /// Writes the marker line of <see cref="marker"/>: <c>CommentLine("%%")</c>, or
    /// <c>CommentLine("%% [markdown] key=value …")</c> – straight to the output, without strings.
    /// </summary>
    private void WriteMarker(LineSink lines, JsonFormatter json)
    {
        var tag = marker.Count > 0 && marker[0].Key == TypeTag ? (string)marker[0].Value! : null;
        var options = tag is null ? 0 : 1;
        // The options' text is empty only for no option, or a lone bare key that is the empty string.
        var noText = marker.Count == options || (marker.Count == options + 1 && marker[options] is { Key: "", Value: null or { Type: JTokenType.Null } });
        lines.Write(syntax.Comment);
        lines.Write(" %%");
        if (tag is not null || !noText) lines.Write(" ");
        if (tag is not null) lines.Write(tag);
        if (tag is not null && !noText) lines.Write(" ");
        Text.MarkerOptions.Write(json, marker, options);
        if (syntax.Language.CommentSuffix.Length > 0)
        {
            lines.Write(" ");
            lines.Write(syntax.Language.CommentSuffix);
        }
        lines.EndLine();
    }

    private const string TypeTag = "\0type";

    // The type tags as values, made once: they are only read.
    private static readonly JValue MarkdownTag = new("[markdown]");
    private static readonly JValue RawTag = new("[raw]");

    /// <summary>Fills <see cref="marker"/> with the cell's marker options and <see cref="body"/> with its lines.</summary>
    private void Render(Cell cell, string mainLanguage, string? defaultKernel)
    {
        marker.Clear();
        body.Clear();
        var source = cell.Source;
        switch (cell.CellType)
        {
            case CellType.Markdown:
                marker.Add(new(TypeTag, MarkdownTag));
                CellMetadataView.AddShown(cell, options.CellMetadata, defaultKernel, marker);
                CommentAll(source, skipFirst: false);
                return;
            case CellType.Raw:
                marker.Add(new(TypeTag, RawTag));
                CellMetadataView.AddShown(cell, options.CellMetadata, defaultKernel, marker);
                CommentAll(source, skipFirst: false);
                return;
            case CellType.Code:
                if (JupyterLanguages.FirstLineMagic(source, mainLanguage) is { } language)
                {
                    CellMetadataView.AddShown(cell, options.CellMetadata, defaultKernel, marker);
                    if (language.Arguments is not null) marker.Add(new("magic_args", language.Arguments));
                    marker.Add(new("language", language.Name));
                    CommentAll(source, skipFirst: true);
                    return;
                }
                CellMetadataView.AddShown(cell, options.CellMetadata, defaultKernel, marker);
                if (!Code(source, trackStrings: true)) return;
                marker.Add(new(OpenString, true));
                Code(source, trackStrings: false);
                return;
            default:
                marker.Add(new("cell_type", cell.CellType));
                CellMetadataView.AddShown(cell, options.CellMetadata, defaultKernel, marker);
                CommentAll(source, skipFirst: false);
                return;
        }
    }

    /// <summary>The lines of a markdown or raw cell (or a cell in another language), each commented, and escaped when it would read as a marker.</summary>
    private void CommentAll(string source, bool skipFirst)
    {
        foreach (var (start, length) in TextLines.SourceLines(source))
        {
            if (skipFirst)
            {
                skipFirst = false;
                continue;
            }
            var line = new BodyLine(start, length, LineForm.Text);
            body.Add(syntax.NeedsEscape(Compose(source, line)) ? line with { Form = LineForm.Text | LineForm.Escaped } : line);
        }
    }

    /// <summary>
    /// The lines of a code cell, magics commented and marker-like lines escaped (outside strings,
    /// as the reader tracks them). Returns true when the reader would still be inside a string
    /// after the last line, which would hide the next marker from it.
    /// </summary>
    /// <remarks>
    /// One quote tracker does for the magic pass, the escape pass and the end-of-cell check of
    /// jupytext's writer: it reads each line as the reader will see it before escaping, and a
    /// commented or escaped line, starting with the comment outside any string, leaves it unchanged.
    /// </remarks>
    private bool Code(string source, bool trackStrings)
    {
        body.Clear();
        var tracker = new QuoteTracker(syntax.Language.Name, syntax.Comment, trackStrings);
        var continuation = false;
        foreach (var (start, length) in TextLines.SourceLines(source))
        {
            var form = LineForm.Plain;
            if (!tracker.InString && (continuation || syntax.IsMagic(source.AsSpan(start, length))))
            {
                form = continuation ? LineForm.MagicContinuation : LineForm.Magic;
                continuation = syntax.ContinuesMagic(source.AsSpan(start, length));
            }
            else
            {
                continuation = false;
            }
            var line = new BodyLine(start, length, form);
            var shown = Compose(source, line); // the line as the reader will see it: a commented magic opens no string
            if (!tracker.InString && syntax.NeedsEscape(shown)) line = line with { Form = form | LineForm.Escaped };
            tracker.Read(shown);
            body.Add(line);
        }
        return tracker.InString;
    }

    /// <summary>
    /// The text of a line without its escape prefix: the source line itself, or the line commented
    /// (as <see cref="PercentSyntax.CommentMagic"/> or <see cref="PercentSyntax.CommentLine"/>
    /// write it) in a buffer that the next call reuses.
    /// </summary>
    private ReadOnlySpan<char> Compose(string source, BodyLine line)
    {
        var text = source.AsSpan(line.Start, line.Length);
        var form = line.Form & ~LineForm.Escaped;
        if (form == LineForm.Plain) return text;
        var comment = syntax.Comment;
        var suffix = syntax.Language.CommentSuffix;
        var needed = comment.Length + suffix.Length + text.Length + 2;
        if (scratch.Length < needed) scratch = new char[Math.Max(needed, scratch.Length * 2)];
        var n = 0;
        void Append(ReadOnlySpan<char> part)
        {
            part.CopyTo(scratch.AsSpan(n));
            n += part.Length;
        }
        switch (form)
        {
            case LineForm.Magic:
                var indent = text.Length - text.TrimStart().Length;
                Append(text[..indent]);
                Append(comment);
                Append(" ");
                Append(text[indent..]);
                break;
            case LineForm.MagicContinuation:
                Append(comment);
                Append(" ");
                Append(text);
                break;
            default: // Text: "comment line suffix", "comment suffix" for an empty line, or without the suffix when there is none
                Append(comment);
                if (text.Length > 0 || suffix.Length > 0) Append(" ");
                Append(text);
                if (suffix.Length > 0)
                {
                    if (text.Length > 0) Append(" ");
                    Append(suffix);
                }
                break;
        }
        return scratch.AsSpan(0, n);
    }

    private void WriteLine(LineSink lines, string source, BodyLine line)
    {
        if ((line.Form & LineForm.Escaped) != 0)
        {
            lines.Write(syntax.Comment);
            lines.Write(" ");
        }
        lines.Add(Compose(source, line));
    }

    /// <summary>True when the line as written is blank (a commented line never is).</summary>
    private static bool IsBlank(string source, BodyLine line) =>
        line.Form == LineForm.Plain && TextLines.IsBlank(source.AsSpan(line.Start, line.Length));
}
