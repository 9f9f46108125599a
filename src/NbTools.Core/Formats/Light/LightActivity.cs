using NbTools.Core.Json;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Formats.Light;

/// <summary>
/// jupytext's "active" cells: <c>active="py,R"</c> metadata or <c>active-py-R</c> tags say in which
/// files a cell runs (elsewhere it is commented out); a frozen cell runs only in the notebook; a raw
/// cell is written as <c>active=""</c> (runs nowhere).
/// </summary>
internal static class LightActivity
{
    /// <summary>Is the cell active in a file with extension <paramref name="extension"/> (no dot)?</summary>
    public static bool IsActive(string extension, JObject metadata, bool fallback = true)
    {
        if (metadata.SelectToken("run_control.frozen") is JValue { Type: JTokenType.Boolean } frozen && (bool)frozen) return extension == "ipynb";
        if (metadata["tags"] is JArray tags)
        {
            foreach (var tag in tags)
            {
                if (tag.Str() is { } name && name.StartsWith("active-", StringComparison.Ordinal)) return name.Split('-').Contains(extension);
            }
        }
        if (metadata["active"] is not { } active) return fallback;
        return (active.Str() ?? active.ToString()).Split('.', ',').Contains(extension);
    }

    /// <summary>Tags with an <c>active-</c> prefix.</summary>
    public static bool HasActiveTag(JObject metadata) =>
        metadata["tags"] is JArray tags && tags.Any(t => t.Str() is { } name && name.StartsWith("active-", StringComparison.Ordinal));
}
