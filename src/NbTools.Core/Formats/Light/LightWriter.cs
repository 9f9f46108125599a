using System.Text;
using NbTools.Core.Formats.Text;
using NbTools.Core.Model;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Formats.Light;

/// <summary>
/// Writes a notebook as a light script: jupytext's text (cells separated by blank lines, PEP 8
/// spacing in Python, <c># +</c> regions where jupytext puts them), read back before it is written.
/// A cell that would not read back exactly – in jupytext's syntax or in its context – is written
/// more explicitly (an end marker kept, then NbTools' verbatim region) until every cell does.
/// </summary>
internal sealed class LightWriter(LightSyntax syntax, TextFormatOptions options)
{
    public void Write(Notebook notebook, Stream output)
    {
        var bytes = Encoding.UTF8.GetBytes(Text(notebook));
        output.Write(bytes);
    }

    public string Text(Notebook notebook)
    {
        var mainLanguage = NotebookLanguage.MainLanguage(notebook) ?? syntax.Language.Name;
        var cells = notebook.Cells.ToList();
        var frontMatter = LightHeader.FrontMatterOf(cells, options.CellMetadata);
        if (frontMatter is not null) cells.RemoveAt(0);
        var header = LightHeader.Write(syntax, notebook, mainLanguage, options, frontMatter);
        var cellWriter = new LightCellWriter(syntax, options, mainLanguage, NotebookLanguage.DefaultKernel(notebook));
        var expected = cells.Select(c => (c.CellType, c.Source, cellWriter.Shown(c))).ToList();
        var levels = new int[cells.Count];
        var readerLanguage = LightReader.MainLanguage(LightHeader.Read(syntax, header, "").Metadata, syntax);
        var reader = new LightCellReader(syntax, readerLanguage, "");
        // Each round either reads back exactly or raises one cell's level; levels are bounded.
        for (var round = 0; round <= (LightCellWriter.Exact + 1) * (cells.Count + 1); round++)
        {
            var (text, starts) = Assemble(header, cells.Select((c, i) => cellWriter.Write(c, levels[i])).ToList());
            var lines = TextLines.OfFile(text);
            var raised = false;
            for (var i = 0; i < cells.Count; i++)
            {
                if (levels[i] < LightCellWriter.Exact && !Same(Read(reader, lines, starts[i]), expected[i]))
                {
                    levels[i]++;
                    raised = true;
                }
            }
            if (raised) continue;
            var wrong = FirstDifference(reader, lines, expected);
            if (wrong < 0) return text;
            var at = Math.Min(wrong, cells.Count - 1);
            while (at >= 0 && levels[at] >= LightCellWriter.Exact) at--;
            if (at < 0) break;
            levels[at]++;
        }
        throw new NbToolsException("internal error: the light script of this notebook does not read back into its cells; use --to py (percent) instead, and please report this notebook");
    }

    private static LightCell? Read(LightCellReader reader, List<string> lines, int start)
    {
        if (start >= lines.Count) return null;
        try
        {
            return reader.Read(lines, start);
        }
        catch (NotebookFormatException)
        {
            return null;
        }
    }

    private static bool Same(LightCell? read, (string Type, string Source, JObject Metadata) cell) =>
        read is not null && read.CellType == cell.Type && read.Source == cell.Source && JToken.DeepEquals(read.Metadata, cell.Metadata);

    /// <summary>Reads the whole text as the reader will; the index of the first cell that differs, or -1.</summary>
    private int FirstDifference(LightCellReader reader, List<string> lines, List<(string Type, string Source, JObject Metadata)> expected)
    {
        var position = LightHeader.Read(syntax, lines, "").Next;
        var index = 0;
        while (position < lines.Count)
        {
            if (index >= expected.Count) return index;
            var cell = Read(reader, lines, position);
            if (!Same(cell, expected[index])) return index;
            position = cell!.Next;
            index++;
        }
        return index == expected.Count ? -1 : index;
    }

    /// <summary>jupytext's assembly, last cell first: end markers dropped before a <c># +</c>, PEP 8 blank lines.</summary>
    private (string Text, int[] Starts) Assemble(List<string> header, List<LightCellText> texts)
    {
        var blocks = new List<string>[texts.Count];
        for (var i = texts.Count - 1; i >= 0; i--)
        {
            var following = Following(blocks, i + 1);
            var cell = texts[i];
            var text = new List<string>(cell.Lines);
            var linesToNext = cell.LinesToNextCell;
            var endMarker = syntax.EndLine("-");
            if (cell.IsCode && !cell.KeepEndMarker && text[^1] == endMarker)
            {
                var next = following.FirstOrDefault();
                if (next is null || next.StartsWith(syntax.Comment + " +", StringComparison.Ordinal))
                {
                    text.RemoveAt(text.Count - 1);
                    if (cell.LinesToEndMarker is { } toEnd && (linesToNext is null || toEnd > linesToNext)) linesToNext = toEnd;
                }
                else
                {
                    var blank = cell.LinesToEndMarker ?? (LightPep8.LinesBetween(text.GetRange(0, text.Count - 1), following, syntax.Python) < 2 ? 0 : 2);
                    text.InsertRange(text.Count - 1, Enumerable.Repeat("", blank));
                }
            }
            var blankLines = linesToNext ?? LightPep8.LinesBetween(text, following, syntax.Python);
            text.AddRange(Enumerable.Repeat("", blankLines));
            blocks[i] = text;
        }
        var all = new List<string>(header) { "" };
        var starts = new int[texts.Count];
        for (var i = 0; i < blocks.Length; i++)
        {
            starts[i] = all.Count;
            all.AddRange(blocks[i]);
        }
        var joined = string.Join("\n", all);
        return (joined.EndsWith('\n') ? joined : joined + "\n", starts);
    }

    private static IEnumerable<string> Following(List<string>[] blocks, int from)
    {
        for (var i = from; i < blocks.Length; i++)
        {
            foreach (var line in blocks[i]) yield return line;
        }
    }
}
