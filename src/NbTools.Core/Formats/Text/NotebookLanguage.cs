using NbTools.Core.Json;
using NbTools.Core.Model;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Formats.Text;

/// <summary>
/// The languages of a notebook and its cells: the main language from the kernelspec (or Polyglot's
/// default kernel, or language_info), and each cell's kernel from a first-line <c>#!kernel</c>
/// magic, Polyglot/.NET Interactive cell metadata, or the notebook default.
/// </summary>
public static class NotebookLanguage
{
    /// <summary>Polyglot kernels whose language is a script language, by kernel name.</summary>
    private static readonly Dictionary<string, string> KernelLanguages = new(StringComparer.OrdinalIgnoreCase)
    {
        ["csharp"] = "csharp", ["fsharp"] = "fsharp", ["pwsh"] = "powershell", ["powershell"] = "powershell",
        ["javascript"] = "javascript", ["sql"] = "sql", ["python"] = "python",
    };

    /// <summary>The notebook's main language as a usual name (<c>csharp</c>, <c>python</c>…), or null.</summary>
    public static string? MainLanguage(Notebook notebook)
    {
        var metadata = notebook.Metadata;
        var polyglot = metadata.SelectToken("polyglot_notebook.kernelInfo.defaultKernelName").Str();
        var kernelspec = metadata["kernelspec"] as JObject;
        var candidates = new[]
        {
            kernelspec?["language"].Str(),
            kernelspec?["name"].Str() is { } name && name.StartsWith(".net-", StringComparison.Ordinal) ? name : null,
            polyglot is null ? null : KernelLanguages.GetValueOrDefault(polyglot, polyglot),
            metadata.SelectToken("language_info.name").Str(),
            metadata.SelectToken("jupytext.main_language").Str(),
        };
        foreach (var candidate in candidates)
        {
            if (ScriptLanguage.ByName(candidate) is { } language) return language.Name;
        }
        return candidates.Select(ScriptLanguage.UsualName).FirstOrDefault(c => c is not null);
    }

    /// <summary>
    /// The script language a notebook is written in: its main language (python when no metadata
    /// names one). A language whose comment syntax is unknown is refused rather than written with
    /// another language's comments.
    /// </summary>
    public static ScriptLanguage ScriptLanguageOf(Notebook notebook)
    {
        var main = MainLanguage(notebook);
        if (main is null) return ScriptLanguage.ByName("python")!;
        return ScriptLanguage.ByName(main) ?? throw new NbToolsException(
            $"the notebook's language '{main}' has no line comment NbTools knows, so it cannot be a percent script; "
            + "convert it to Markdown (--to md) or .dib, which keep cells of every language");
    }

    /// <summary>The Polyglot default kernel name (<c>csharp</c>, <c>fsharp</c>, <c>pwsh</c>), when the notebook is a .NET one.</summary>
    public static string? DefaultKernel(Notebook notebook)
    {
        if (notebook.Metadata.SelectToken("polyglot_notebook.kernelInfo.defaultKernelName").Str() is { } name) return name;
        var spec = notebook.Metadata.SelectToken("kernelspec.name").Str();
        return spec switch
        {
            ".net-csharp" => "csharp",
            ".net-fsharp" => "fsharp",
            ".net-powershell" or ".net-pwsh" => "pwsh",
            _ => null,
        };
    }

    /// <summary>The kernel a cell's metadata names (Polyglot or .NET Interactive), or null.</summary>
    public static string? MetadataKernel(JObject metadata) =>
        metadata.SelectToken("polyglot_notebook.kernelName").Str() ?? metadata.SelectToken("dotnet_interactive.language").Str();

    /// <summary>
    /// The kernel a code cell runs in: a first-line <c>#!name</c> magic naming a kernel wins (Polyglot
    /// runs it so), then the cell metadata, then the notebook default. Null for non-.NET notebooks.
    /// </summary>
    public static string? CellKernel(Notebook notebook, Cell cell)
    {
        var fallback = DefaultKernel(notebook);
        var fromMetadata = MetadataKernel(cell.MetadataView);
        if (fallback is null && fromMetadata is null) return null;
        var first = FirstLine(cell.Source);
        if (first.StartsWith("#!", StringComparison.Ordinal) && KnownKernels(notebook).Contains(first[2..]))
        {
            return first[2..];
        }
        return fromMetadata ?? fallback;
    }

    /// <summary>Kernel names and aliases the notebook declares (Polyglot kernelInfo) plus the usual .NET ones.</summary>
    public static HashSet<string> KnownKernels(Notebook notebook)
    {
        var names = new HashSet<string>(StringComparer.Ordinal)
        {
            "csharp", "fsharp", "pwsh", "javascript", "html", "mermaid", "sql", "kql", "value", "markdown", "md", "http", "python", "r",
        };
        if (notebook.Metadata.SelectToken("polyglot_notebook.kernelInfo.items") is JArray items)
        {
            foreach (var item in items.OfType<JObject>())
            {
                if (item["name"].Str() is { } n) names.Add(n);
                foreach (var alias in item["aliases"] as JArray ?? []) if (alias.Str() is { } a) names.Add(a);
            }
        }
        return names;
    }

    private static string FirstLine(string source)
    {
        var end = source.IndexOf('\n');
        return (end < 0 ? source : source[..end]).TrimEnd('\r');
    }
}
