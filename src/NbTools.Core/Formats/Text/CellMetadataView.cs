using NbTools.Core.Json;
using NbTools.Core.Model;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Formats.Text;

/// <summary>
/// The cell metadata a text format shows: the filter's keys, minus kernel metadata that only
/// repeats what the text already says (the notebook's default kernel, or the cell's visible language).
/// </summary>
public static class CellMetadataView
{
    /// <summary>The metadata to show for a cell, in the cell's own key order.</summary>
    public static List<KeyValuePair<string, JToken?>> Shown(Cell cell, MetadataFilter filter, string? impliedKernel)
    {
        var shown = new List<KeyValuePair<string, JToken?>>();
        AddShown(cell, filter, impliedKernel, shown);
        return shown;
    }

    /// <summary>Adds the metadata to show for a cell to <paramref name="shown"/> (writers reuse one list for every cell).</summary>
    /// <remarks>
    /// Metadata still in the bytes of the .ipynb it was read from is not parsed whole: only the
    /// shown keys' values are (most of a cell's metadata is editor state the text hides). With
    /// duplicate keys the parsed object decides the order, so those take the parse.
    /// </remarks>
    public static void AddShown(Cell cell, MetadataFilter filter, string? impliedKernel, List<KeyValuePair<string, JToken?>> shown)
    {
        var token = cell.MetadataToken;
        if (token.UnparsedObject is { } raw && !HasDuplicateKeys(raw))
        {
            foreach (var member in raw.Items)
            {
                if (!filter.Shows(member.Name!)) continue;
                var value = token.ParseMember(member);
                if (!IsRedundantKernel(member.Name!, value, impliedKernel)) shown.Add(new(member.Name!, value));
            }
            return;
        }
        var metadata = cell.MetadataView;
        if (metadata.Count == 0) return;
        foreach (var property in metadata.Properties())
        {
            if (!filter.Shows(property.Name) || IsRedundantKernel(property.Name, property.Value, impliedKernel)) continue;
            shown.Add(new(property.Name, property.Value));
        }
    }

    private static bool HasDuplicateKeys(RawContainer raw)
    {
        for (var i = 0; i < raw.Items.Length; i++)
        {
            if (raw.IndexOfLast(raw.Items[i].Name!) != i) return true;
        }
        return false;
    }

    /// <summary>
    /// The kernel a cell's text already shows without metadata: the notebook default. Kernel
    /// metadata naming it is left out of the text; any other kernel metadata is shown, also on cells
    /// whose first line is the kernel's magic (the magic alone cannot tell which key the cell had).
    /// </summary>
    public static string? ImpliedKernel(Notebook notebook) => NotebookLanguage.DefaultKernel(notebook);

    private static bool IsRedundantKernel(string name, JToken property, string? impliedKernel)
    {
        if (impliedKernel is null || property is not JObject value || value.Count != 1) return false;
        var kernel = name switch
        {
            "dotnet_interactive" => value["language"].Str(),
            "polyglot_notebook" => value["kernelName"].Str(),
            _ => null,
        };
        return kernel is not null && string.Equals(kernel, impliedKernel, StringComparison.OrdinalIgnoreCase);
    }
}
