using NbTools.Core.Model;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Formats.Dib;

/// <summary>
/// Which kernel metadata keys the code cells of each kernel carry (<c>dotnet_interactive</c>,
/// <c>polyglot_notebook</c>, both or none). A .dib marker names only the kernel, and a reader gives
/// <c>polyglot_notebook</c> to cells in another kernel than the default and nothing to the others;
/// where a notebook does otherwise, its <c>#!meta</c> says so per kernel under <see cref="Key"/>
/// (<c>{"fsharp": ["dotnet_interactive"]}</c>), so the cells come back with the keys they had.
/// </summary>
internal static class DibKernelKeys
{
    /// <summary>The <c>#!meta</c> key (not part of the notebook's Polyglot metadata).</summary>
    public const string Key = "nbtools_cell_kernel_keys";

    private static readonly string[] KernelKeys = ["dotnet_interactive", "polyglot_notebook"];

    /// <summary>The keys per kernel where they differ from a reader's default, or null when none do.</summary>
    public static JObject? Collect(Notebook notebook, string defaultKernel, Func<Cell, string> kernelOf)
    {
        var usage = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (var cell in notebook.Cells.Where(c => c.IsCode))
        {
            var kernel = kernelOf(cell);
            var keys = string.Join(",", cell.MetadataView.Properties().Select(p => p.Name).Where(k => KernelValue(cell, k) == kernel));
            var counts = usage.TryGetValue(kernel, out var found) ? found : usage[kernel] = [];
            counts[keys] = counts.GetValueOrDefault(keys) + 1;
        }
        var result = new JObject();
        foreach (var (kernel, counts) in usage.OrderBy(u => u.Key, StringComparer.Ordinal))
        {
            var usual = counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).First().Key;
            if (usual != ReaderDefault(kernel, defaultKernel)) result[kernel] = new JArray(usual.Split(',', StringSplitOptions.RemoveEmptyEntries));
        }
        return result.Count > 0 ? result : null;
    }

    /// <summary>Gives a code cell read from a .dib the kernel metadata its kernel's cells carry.</summary>
    public static void Apply(Cell cell, string kernel, string defaultKernel, JObject? keys)
    {
        var names = keys?[kernel] is JArray listed
            ? listed.Select(k => (string?)k).Where(k => k is not null && KernelKeys.Contains(k)).Cast<string>()
            : ReaderDefault(kernel, defaultKernel).Split(',', StringSplitOptions.RemoveEmptyEntries);
        foreach (var name in names)
        {
            cell.Metadata[name] = new JObject { [name == "dotnet_interactive" ? "language" : "kernelName"] = kernel };
        }
    }

    private static string ReaderDefault(string kernel, string defaultKernel) => kernel == defaultKernel ? "" : "polyglot_notebook";

    /// <summary>The kernel a key names when it holds only that (<c>{"language": "fsharp"}</c>), else null.</summary>
    private static string? KernelValue(Cell cell, string key) => key switch
    {
        "dotnet_interactive" when cell.MetadataView[key] is JObject { Count: 1 } o => (string?)o["language"],
        "polyglot_notebook" when cell.MetadataView[key] is JObject { Count: 1 } o => (string?)o["kernelName"],
        _ => null,
    };
}
