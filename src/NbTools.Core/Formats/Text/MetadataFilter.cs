using Newtonsoft.Json.Linq;

namespace NbTools.Core.Formats.Text;

/// <summary>
/// Which metadata keys a text format shows. The spec is jupytext's syntax: <c>all</c>, <c>-all</c>,
/// or a comma-separated list of <c>key</c> / <c>-key</c> adjusting the default (<c>tags,-vscode</c>).
/// Keys left out of the text are restored from the .ipynb by <c>nbtools sync</c>.
/// </summary>
public sealed class MetadataFilter
{
    /// <summary>Editor bookkeeping left out of cell markers by default.</summary>
    public static readonly IReadOnlyList<string> DefaultHiddenCellKeys =
    [
        "vscode", "execution", "ExecuteTime", "collapsed", "scrolled", "autoscroll", "trusted", "jupyter",
        "papermill", "pycharm", "colab", "id", "outputId", "executionInfo", "deletable", "editable",
        "heading_collapsed", "hidden", "lines_to_next_cell",
    ];

    /// <summary>Notebook metadata shown in the text header by default; everything else is left to the .ipynb.</summary>
    public static readonly IReadOnlyList<string> DefaultShownNotebookKeys = ["kernelspec", "language_info", "jupytext", "polyglot_notebook"];

    private readonly bool allowList;
    private readonly HashSet<string> listed;

    private MetadataFilter(bool allowList, IEnumerable<string> keys)
    {
        this.allowList = allowList;
        listed = new HashSet<string>(keys, StringComparer.Ordinal);
    }

    /// <summary>The default cell filter (hide editor bookkeeping).</summary>
    public static MetadataFilter DefaultCell => new(false, DefaultHiddenCellKeys);

    /// <summary>The default notebook filter (show kernelspec, language_info, jupytext, polyglot_notebook).</summary>
    public static MetadataFilter DefaultNotebook => new(true, DefaultShownNotebookKeys);

    /// <summary>Parses a spec against a default; null or empty keeps the default.</summary>
    public static MetadataFilter Parse(string? spec, MetadataFilter fallback)
    {
        if (string.IsNullOrWhiteSpace(spec)) return fallback;
        var parts = spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var allowList = fallback.allowList;
        var keys = new HashSet<string>(fallback.listed, StringComparer.Ordinal);
        foreach (var part in parts)
        {
            switch (part)
            {
                case "all":
                    allowList = false;
                    keys.Clear();
                    break;
                case "-all":
                    allowList = true;
                    keys.Clear();
                    break;
                default:
                    var remove = part.StartsWith('-');
                    var key = part.TrimStart('-', '+');
                    if (key.Length == 0) throw new NbToolsException($"metadata filter \"{spec}\": empty key");
                    if (key.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
                    {
                        throw new NbToolsException($"metadata filter \"{spec}\": key \"{key}\" contains white space; separate keys with commas (\"{string.Join(",", key.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))}\")");
                    }
                    var show = !remove;
                    if (allowList == show) keys.Add(key);
                    else keys.Remove(key);
                    break;
            }
        }
        return new MetadataFilter(allowList, keys);
    }

    /// <summary>True when <paramref name="key"/> is shown.</summary>
    public bool Shows(string key) => allowList ? listed.Contains(key) : !listed.Contains(key);

    /// <summary>The shown part of a metadata object, in its order.</summary>
    public IEnumerable<JProperty> Apply(JObject metadata) => metadata.Properties().Where(p => Shows(p.Name));
}
