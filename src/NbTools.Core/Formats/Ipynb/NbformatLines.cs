using NbTools.Core.Json;
using NbTools.Core.Text;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Formats.Ipynb;

/// <summary>
/// nbformat's on-disk convention for multi-line strings: sources, stream text, attachment and
/// output mime data of text types (and JavaScript, SVG) are stored as lists of lines. Applied to
/// values NbTools creates, so they look exactly as nbformat would write them.
/// </summary>
internal static class NbformatLines
{
    private static readonly HashSet<string> NonTextSplitMimes = ["application/javascript", "image/svg+xml"];

    public static JArray Split(string text) => new(PythonLines.SplitKeepEnds(text).Select(l => (object)l).ToArray());

    /// <summary>A copy of an output object with its multi-line strings split as nbformat writes them.</summary>
    public static JObject SplitOutput(JObject output)
    {
        var copy = (JObject)output.DeepClone();
        var type = copy["output_type"].Str();
        if (type is "execute_result" or "display_data" && copy["data"] is JObject data) SplitMimeBundle(data);
        else if (type == "stream" && copy["text"] is JValue { Type: JTokenType.String } text) copy["text"] = Split((string)text!);
        return copy;
    }

    public static void SplitMimeBundle(JObject bundle)
    {
        foreach (var property in bundle.Properties().ToList())
        {
            if (property.Value is JValue { Type: JTokenType.String } value
                && (property.Name.StartsWith("text/", StringComparison.Ordinal) || NonTextSplitMimes.Contains(property.Name)))
            {
                property.Value = Split((string)value!);
            }
        }
    }
}
