using NbTools.Core.Formats.Ipynb;
using NbTools.Core.Formats.Text;
using NbTools.Core.Model;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Pairing;

/// <summary>
/// Brings the inputs of a text into its notebook: matched cells stay the same cells (same id,
/// outputs, execution count and the metadata the text leaves out), edited cells take the text's
/// source and lose their now stale outputs, new cells get fresh ids, removed cells go.
/// </summary>
internal static class InputsMerger
{
    /// <param name="notebook">The notebook, changed in place.</param>
    /// <param name="text">The notebook read from the edited text.</param>
    /// <param name="options">The text's metadata filters.</param>
    /// <param name="kernelOnly">The text shows no cell metadata but the kernel (.dib).</param>
    /// <param name="keepStaleOutputs">Keep outputs of edited cells.</param>
    public static void Merge(Notebook notebook, Notebook text, TextFormatOptions options, bool kernelOnly, bool keepStaleOutputs)
    {
        var oldCells = notebook.Cells.ToList();
        var (oldIndex, exact) = CellMatcher.Match(oldCells, text.Cells);
        var defaultKernel = NotebookLanguage.DefaultKernel(notebook);
        var merged = new List<Cell>(text.Cells.Count);
        var fresh = new List<Cell>();
        for (var j = 0; j < text.Cells.Count; j++)
        {
            var incoming = text.Cells[j];
            if (oldIndex[j] < 0)
            {
                var added = new Cell(incoming.CellType, incoming.Source) { Metadata = incoming.Metadata };
                if (incoming.Attachments is not null) added.Attachments = incoming.Attachments;
                merged.Add(added);
                fresh.Add(added);
                continue;
            }
            var cell = oldCells[oldIndex[j]];
            if (!exact[j])
            {
                cell.Source = incoming.Source;
                if (!keepStaleOutputs && cell.IsCode && (cell.Outputs.Count > 0 || cell.ExecutionCount is not null))
                {
                    cell.Outputs.Clear();
                    cell.ExecutionCount = null;
                }
            }
            if (kernelOnly) MergeKernel(cell, incoming, defaultKernel);
            else MergeShownMetadata(cell, incoming, options, CellMetadataView.ImpliedKernel(notebook));
            merged.Add(cell);
        }
        notebook.Cells.Clear();
        notebook.Cells.AddRange(merged);
        if (notebook.NbFormat == 4 && notebook.NbFormatMinor >= 5) CellIds.AssignTo(notebook, fresh);
        MergeNotebookMetadata(notebook, text, options);
    }

    /// <summary>The keys the text shows are the text's; the keys it leaves out stay as they were.</summary>
    private static void MergeShownMetadata(Cell cell, Cell incoming, TextFormatOptions options, string? impliedKernel)
    {
        var shownBefore = CellMetadataView.Shown(cell, options.CellMetadata, impliedKernel).Select(p => p.Key).ToList();
        var wanted = incoming.MetadataView;
        var current = cell.MetadataView;
        var unchanged = shownBefore.All(key => wanted[key] is not null)
            && wanted.Properties().All(p => JToken.DeepEquals(current[p.Name], p.Value));
        if (unchanged) return; // leave the cell untouched, so its bytes are copied
        var metadata = cell.Metadata;
        foreach (var key in shownBefore)
        {
            if (wanted[key] is null) metadata.Remove(key);
        }
        foreach (var property in wanted.Properties())
        {
            if (!JToken.DeepEquals(metadata[property.Name], property.Value)) metadata[property.Name] = property.Value.DeepClone();
        }
    }

    /// <summary>.dib shows only a cell's kernel: the metadata changes only when the kernel does.</summary>
    private static void MergeKernel(Cell cell, Cell incoming, string? defaultKernel)
    {
        if (!cell.IsCode) return;
        var before = NotebookLanguage.MetadataKernel(cell.MetadataView) ?? defaultKernel;
        var after = NotebookLanguage.MetadataKernel(incoming.MetadataView) ?? defaultKernel;
        if (before == after) return;
        var metadata = cell.Metadata;
        metadata.Remove("dotnet_interactive");
        if (after is null || after == defaultKernel) metadata.Remove("polyglot_notebook");
        else metadata["polyglot_notebook"] = new JObject { ["kernelName"] = after };
    }

    private static void MergeNotebookMetadata(Notebook notebook, Notebook text, TextFormatOptions options)
    {
        var metadata = notebook.Metadata;
        foreach (var property in text.Metadata.Properties())
        {
            if (!options.NotebookMetadata.Shows(property.Name)) continue;
            if (property.Name == "jupytext" && property.Value is JObject textJupytext && metadata["jupytext"] is JObject ours)
            {
                // The header's jupytext section is ours plus what the text representation adds.
                foreach (var inner in textJupytext.Properties())
                {
                    if (!JToken.DeepEquals(ours[inner.Name], inner.Value)) ours[inner.Name] = inner.Value.DeepClone();
                }
                continue;
            }
            if (!JToken.DeepEquals(metadata[property.Name], property.Value)) metadata[property.Name] = property.Value.DeepClone();
        }
    }
}
