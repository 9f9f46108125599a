using NbTools.Core.Json;
using System.Text;
using DiffPlex;
using NbTools.Core.Diffing.Notebook;
using NbTools.Core.Model;

namespace NbTools.Core.Rendering.Unified;

/// <summary>
/// A plain unified diff (<c>---</c>/<c>+++</c>/<c>@@</c> hunks, 3 lines of context) of the two
/// notebooks' reading views – each cell as a <c># %% [type]</c> header and its source, its outputs
/// summarised – for review tools and patches.
/// </summary>
public static class UnifiedRenderer
{
    public static string Render(Model.Notebook old, Model.Notebook updated, string oldName, string newName, DiffOptions options)
    {
        // Lines are escaped (TerminalText): a lone CR would split a line for the differ but not for the
        // view, and control characters must not reach a terminal.
        var a = View(old, options).Select(TerminalText.Escape).ToList();
        var b = View(updated, options).Select(TerminalText.Escape).ToList();
        var result = Differ.Instance.CreateDiffs(string.Join("\n", a), string.Join("\n", b), ignoreWhiteSpace: false, ignoreCase: false, new DiffPlex.Chunkers.LineChunker());
        var output = new StringBuilder();
        if (result.DiffBlocks.Count == 0) return "";
        output.Append("--- ").Append(TerminalText.Escape(oldName)).Append('\n').Append("+++ ").Append(TerminalText.Escape(newName)).Append('\n');
        const int context = 3;
        var blocks = result.DiffBlocks;
        var k = 0;
        while (k < blocks.Count)
        {
            // Merge blocks whose context would overlap into one hunk.
            var first = k;
            while (k + 1 < blocks.Count && blocks[k + 1].DeleteStartA - (blocks[k].DeleteStartA + blocks[k].DeleteCountA) <= 2 * context) k++;
            var last = k++;
            var startA = Math.Max(0, blocks[first].DeleteStartA - context);
            var startB = Math.Max(0, blocks[first].InsertStartB - context);
            var endA = Math.Min(a.Count, blocks[last].DeleteStartA + blocks[last].DeleteCountA + context);
            var endB = Math.Min(b.Count, blocks[last].InsertStartB + blocks[last].InsertCountB + context);
            output.Append($"@@ -{startA + 1},{endA - startA} +{startB + 1},{endB - startB} @@\n");
            var posA = startA;
            for (var i = first; i <= last; i++)
            {
                var block = blocks[i];
                while (posA < block.DeleteStartA) output.Append(' ').Append(a[posA++]).Append('\n');
                for (var d = 0; d < block.DeleteCountA; d++) output.Append('-').Append(a[block.DeleteStartA + d]).Append('\n');
                for (var n = 0; n < block.InsertCountB; n++) output.Append('+').Append(b[block.InsertStartB + n]).Append('\n');
                posA = block.DeleteStartA + block.DeleteCountA;
            }
            while (posA < endA) output.Append(' ').Append(a[posA++]).Append('\n');
        }
        return output.ToString();
    }

    /// <summary>The reading view of a notebook as lines.</summary>
    public static List<string> View(Model.Notebook notebook, DiffOptions options)
    {
        var lines = new List<string>();
        foreach (var cell in notebook.Cells)
        {
            // No position in the marker: one inserted cell must not renumber every marker after it.
            lines.Add($"# %% [{cell.CellType}]" + (options.Ids && cell.Id is not null ? $" id={cell.Id}" : ""));
            if (options.Sources) lines.AddRange(cell.Source.Split('\n'));
            if (options.Metadata)
            {
                var metadata = NotebookJson.Cell(cell, options)["metadata"];
                if (metadata is Newtonsoft.Json.Linq.JObject { Count: > 0 }) lines.Add("# metadata: " + metadata.ToString(Newtonsoft.Json.Formatting.None));
            }
            if (options.Outputs && cell.IsCode)
            {
                foreach (var output in cell.Outputs)
                {
                    lines.Add("# output: " + ChangeDescriber.Kind(output.Content));
                    foreach (var text in OutputText(output)) lines.Add("#   " + text);
                }
            }
        }
        return lines;
    }

    private static IEnumerable<string> OutputText(Output output)
    {
        var content = output.Content;
        var text = content["text"] ?? content["data"]?["text/plain"] ?? content["traceback"];
        if (text is null) yield break;
        var joined = text is Newtonsoft.Json.Linq.JArray array ? string.Concat(array.Select(t => t.Str() + (content["output_type"].Str() == "error" ? "\n" : ""))) : text.Str() ?? "";
        foreach (var line in joined.TrimEnd('\n').Split('\n')) yield return line;
    }
}
