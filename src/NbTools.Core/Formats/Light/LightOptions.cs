using NbTools.Core.Formats.Text;
using NbTools.Core.Json;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Formats.Light;

/// <summary>
/// The options after <c># +</c>: a title, a cell type tag (<c>[markdown]</c>, <c>[md]</c>, <c>[raw]</c>),
/// Spyder's depth (<c>%</c>), and metadata as <c>key=value</c> pairs or as one JSON object
/// (<c># + {"tags": ["x"]}</c>, jupytext's older spelling) – as jupytext reads them.
/// </summary>
internal static class LightOptions
{
    /// <summary>Metadata with <c>cell_type</c>, <c>cell_depth</c> and <c>title</c> set as jupytext sets them.</summary>
    public static JObject Parse(string text, string file, int lineNumber)
    {
        text = text.Trim();
        string title;
        JObject metadata;
        var brace = text.IndexOf('{');
        var equal = text.IndexOf('=');
        try
        {
            if (brace >= 0 && (equal < 0 || brace < equal))
            {
                title = text[..brace].Trim();
                metadata = JsonSource.ParseToken(System.Text.Encoding.UTF8.GetBytes(text[brace..])) as JObject
                    ?? throw new FormatException("the cell metadata after '{' is not a JSON object");
            }
            else
            {
                var (words, options) = MarkerOptions.Parse(text);
                title = words;
                metadata = new JObject();
                foreach (var (key, value) in options) metadata[key] = value ?? JValue.CreateNull();
            }
        }
        catch (Exception ex) when (ex is FormatException or Newtonsoft.Json.JsonException or System.Text.Json.JsonException or InvalidOperationException)
        {
            throw new NotebookFormatException(file, $"cannot read the cell options \"{text}\": {ex.Message}", line: lineNumber);
        }
        foreach (var type in new[] { "markdown", "raw", "md" })
        {
            var tag = "[" + type + "]";
            if (!title.Contains(tag, StringComparison.Ordinal)) continue;
            title = title.Replace(tag, "").Trim();
            metadata["cell_type"] = type == "raw" ? "raw" : "markdown";
            if (type == "md") metadata["region_name"] = "md";
            break;
        }
        var depth = 0;
        while (title.StartsWith('%'))
        {
            depth++;
            title = title[1..];
        }
        if (depth > 0)
        {
            metadata["cell_depth"] = depth;
            title = title.Trim();
        }
        if (title.Length > 0) metadata["title"] = title;
        return metadata;
    }

    /// <summary>The options text for a marker: title, depth and type tag, then key=value pairs (jupytext's order).</summary>
    public static string Format(JObject metadata, string? typeTag)
    {
        var words = new List<string>();
        var rest = (JObject)metadata.DeepClone();
        if (rest["title"] is JValue { Type: JTokenType.String } title)
        {
            words.Add((string)title!);
            rest.Remove("title");
        }
        if (rest["cell_depth"] is JValue { Type: JTokenType.Integer } depth)
        {
            words.Insert(0, new string('%', (int)depth));
            rest.Remove("cell_depth");
        }
        if (typeTag is not null) words.Add("[" + typeTag + "]");
        var options = MarkerOptions.Format(rest.Properties().Select(p => new KeyValuePair<string, JToken?>(p.Name, p.Value)));
        if (options.Length > 0) words.Add(options);
        return string.Join(" ", words);
    }

    /// <summary>NbTools' exact form: the type tag, then every key as one JSON object (any key, any title).</summary>
    public static string FormatJson(JObject metadata, string? typeTag) =>
        (typeTag is null ? "" : "[" + typeTag + "] ") + MarkerOptions.PythonJson(metadata);

    /// <summary>jupytext's <c>str</c> value of a metadata key, or null.</summary>
    public static string? Str(JObject metadata, string key) => metadata[key].Str();
}
