using NbTools.Core.Json;
using NbTools.Core.Model;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Formats.Ipynb;

/// <summary>
/// Upgrades an nbformat 3 notebook to nbformat 4.5 in memory, as nbformat's own v3→v4 upgrade
/// does: worksheets flattened, <c>input</c>→<c>source</c>, <c>prompt_number</c>→<c>execution_count</c>,
/// heading cells→markdown, <c>pyout</c>→<c>execute_result</c>, <c>pyerr</c>→<c>error</c>, v3 mime
/// aliases→mime types. Unlike nbformat, cell ids are derived from content (see
/// <see cref="CellIds"/>), so upgrading the same file twice gives the same bytes.
/// </summary>
internal static class NbformatV3Upgrader
{
    private static readonly (string Alias, string Mime)[] MimeMap =
    [
        ("text", "text/plain"), ("html", "text/html"), ("svg", "image/svg+xml"), ("png", "image/png"),
        ("jpeg", "image/jpeg"), ("latex", "text/latex"), ("json", "application/json"), ("javascript", "application/javascript"),
    ];

    private static readonly string[] MultilineOutputKeys = ["text", "html", "svg", "latex", "javascript", "json"];

    public static Notebook Upgrade(JsonSource source)
    {
        var v3 = (JObject)source.ParseToken(new RawSpan(0, source.Utf8.Length, RawKind.Object));
        var minor = v3["nbformat_minor"] is JValue { Type: JTokenType.Integer } m ? (int)m : 0;
        var v4 = new JObject();
        var metadata = v3["metadata"] as JObject ?? new JObject();
        metadata.Remove("name");
        metadata.Remove("signature");
        metadata.Remove("orig_nbformat");
        metadata.Remove("orig_nbformat_minor");

        var cells = new JArray();
        if (v3["worksheets"] is not JArray worksheets)
        {
            throw new NotebookFormatException(source.File, "an nbformat 3 notebook needs a \"worksheets\" list", "worksheets");
        }
        for (var w = 0; w < worksheets.Count; w++)
        {
            if (worksheets[w] is not JObject { } ws || ws["cells"] is not JArray wsCells)
            {
                throw new NotebookFormatException(source.File, "expected a worksheet object with a \"cells\" list", $"worksheets[{w}]");
            }
            for (var c = 0; c < wsCells.Count; c++)
            {
                if (wsCells[c] is not JObject cell)
                {
                    throw new NotebookFormatException(source.File, "expected a cell (a JSON object)", $"worksheets[{w}].cells[{c}]");
                }
                cells.Add(UpgradeCell(cell, source.File, $"worksheets[{w}].cells[{c}]"));
            }
        }
        v4["cells"] = cells;
        v4["metadata"] = metadata;
        v4["nbformat"] = 4;
        v4["nbformat_minor"] = 5;
        CellIds.Assign(cells);

        using var buffer = new MemoryStream();
        using (var sink = new Utf8Sink(buffer))
        {
            new JsonFormatter(sink, JsonStyle.Nbformat).WriteObject(v4, 0);
            sink.WriteText("\n");
        }
        var notebook = IpynbReader.Read(buffer.ToArray(), source.File);
        notebook.UpgradedFrom = $"3.{minor}";
        return notebook;
    }

    private static JObject UpgradeCell(JObject cell, string file, string path)
    {
        var type = cell["cell_type"].Str() ?? throw new NotebookFormatException(file, "the cell has no \"cell_type\"", path);
        var metadata = (JObject?)cell["metadata"]?.DeepClone() ?? new JObject();
        metadata.Remove("trusted");
        if (type == "code" && cell["collapsed"] is { } collapsed) metadata["collapsed"] = collapsed.DeepClone();
        var result = new JObject { ["cell_type"] = type, ["metadata"] = metadata };
        switch (type)
        {
            case "code":
                result["source"] = NbformatLines.Split(JoinV3Lines(cell["input"]));
                result["execution_count"] = cell["prompt_number"] is JValue { Type: JTokenType.Integer } n ? n : JValue.CreateNull();
                var outputs = new JArray();
                foreach (var output in cell["outputs"] as JArray ?? [])
                {
                    if (output is JObject o) outputs.Add(NbformatLines.SplitOutput(UpgradeOutput(o)));
                }
                result["outputs"] = outputs;
                break;
            case "heading":
                // nbformat writes level × '#': a negative or huge level would crash or write megabytes.
                var level = cell["level"] is JValue { Type: JTokenType.Integer } l ? (l.Value is long given && given is >= 1 and <= 6 ? (int)given
                    : throw new NotebookFormatException(file, $"the heading level {l} is not a Markdown heading level (1 to 6)", path + ".level")) : 1;
                var text = JoinV3Lines(cell["source"]);
                result["cell_type"] = "markdown";
                result["source"] = NbformatLines.Split(new string('#', level) + " " + string.Join(" ", NbTools.Core.Text.PythonLines.SplitKeepEnds(text).Select(s => s.TrimEnd('\n', '\r', '\v', '\f', '\x1c', '\x1d', '\x1e', '\x85', '\u2028', '\u2029'))));
                break;
            default:
                if (type == "html") result["cell_type"] = "markdown";
                result["source"] = NbformatLines.Split(JoinV3Lines(cell["source"]));
                break;
        }
        foreach (var property in cell.Properties())
        {
            if (property.Name is "cell_type" or "metadata" or "input" or "source" or "prompt_number" or "outputs"
                or "collapsed" or "language" or "level" or "rendered") continue;
            result[property.Name] = property.Value;
        }
        return result;
    }

    private static JObject UpgradeOutput(JObject output)
    {
        var type = output["output_type"].Str();
        foreach (var key in MultilineOutputKeys)
        {
            if (output[key] is JArray lines) output[key] = JoinV3Lines(lines);
        }
        switch (type)
        {
            case "pyout" or "display_data":
                var result = new JObject { ["output_type"] = type == "pyout" ? "execute_result" : type };
                if (type == "pyout") result["execution_count"] = output["prompt_number"] ?? JValue.CreateNull();
                var metadata = output["metadata"] as JObject ?? new JObject();
                var data = new JObject();
                foreach (var property in output.Properties())
                {
                    if (property.Name is "output_type" or "prompt_number" or "metadata" or "execution_count") continue;
                    data[MimeOf(property.Name)] = property.Value;
                }
                if (data["application/json"] is JValue { Type: JTokenType.String } json)
                {
                    data["application/json"] = JToken.Parse((string)json!);
                }
                foreach (var property in metadata.Properties().ToList())
                {
                    var mime = MimeOf(property.Name);
                    if (mime != property.Name) property.Replace(new JProperty(mime, property.Value));
                }
                result["data"] = data;
                result["metadata"] = metadata;
                return result;
            case "pyerr":
                output["output_type"] = "error";
                return output;
            case "stream":
                var name = output["stream"] ?? "stdout";
                output.Remove("stream");
                output["name"] = name;
                return output;
            default:
                return output;
        }
    }

    private static string MimeOf(string alias)
    {
        foreach (var (a, mime) in MimeMap)
        {
            if (a == alias) return mime;
        }
        return alias;
    }

    /// <summary>v3 multi-line values: lists ending in line breaks are concatenated, others joined with "\n".</summary>
    private static string JoinV3Lines(JToken? token)
    {
        if (token is JValue { Type: JTokenType.String } s) return (string)s!;
        if (token is not JArray array || array.Count == 0) return "";
        var lines = array.Select(t => t.Str() ?? "").ToList();
        return lines[0].EndsWith('\n') || lines[0].EndsWith('\r') ? string.Concat(lines) : string.Join("\n", lines);
    }
}
