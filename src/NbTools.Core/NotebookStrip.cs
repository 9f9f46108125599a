using NbTools.Core.Diffing.Notebook;
using NbTools.Core.Model;
using NbTools.Core.Stripping;
using Newtonsoft.Json.Linq;

namespace NbTools.Core;

/// <summary>
/// The strip facade: removes outputs, execution counts and volatile metadata (editor bookkeeping
/// and widget state) from a notebook. Cell ids stay. Only what changes is written, so stripping a
/// stripped notebook gives the same bytes – git never sees a phantom change.
/// </summary>
public static class NotebookStrip
{
    /// <summary>Strips in place; returns true when anything was removed.</summary>
    public static bool Strip(Notebook notebook, StripOptions? options = null)
    {
        options ??= new StripOptions();
        var keep = new HashSet<string>(options.KeepMetadata ?? [], StringComparer.Ordinal);
        var changed = false;
        foreach (var cell in notebook.Cells)
        {
            if (cell.IsCode)
            {
                if (!options.KeepOutputs && cell.Outputs.Count > 0)
                {
                    cell.Outputs.Clear();
                    changed = true;
                }
                if (!options.KeepCount && cell.ExecutionCount is not null)
                {
                    cell.ExecutionCount = null;
                    changed = true;
                }
            }
            var volatileKeys = cell.MetadataView.Properties().Select(p => p.Name).Where(k => DiffOptions.VolatileKeys.Contains(k) && !keep.Contains(k)).ToList();
            if (volatileKeys.Count > 0)
            {
                foreach (var key in volatileKeys) cell.Metadata.Remove(key);
                changed = true;
            }
        }
        if (!options.KeepOutputs && !keep.Contains("widgets") && notebook.Metadata["widgets"] is not null)
        {
            notebook.Metadata.Remove("widgets");
            changed = true;
        }
        return changed;
    }
}
