using NbTools.Core.Json;
using NbTools.Core.Diffing.Generic;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Rendering;

/// <summary>
/// Turns diff ops on metadata, outputs and other cell parts into short lines for people
/// (<c>tags: ["a"] → ["b"]</c>, <c>output 1 added: stream stdout</c>, <c>image/png changed: 1,234 → 1,300 bytes</c>).
/// Sources are shown as line diffs by the renderers themselves.
/// </summary>
public static class ChangeDescriber
{
    public static List<string> Describe(IReadOnlyList<DiffOp> cellOps, JObject? oldCell, JObject? newCell)
    {
        var lines = new List<string>();
        foreach (var op in cellOps)
        {
            var key = op.Key.ToString();
            switch (key)
            {
                case "source":
                    continue;
                case "outputs":
                    lines.AddRange(Outputs(op, oldCell?["outputs"] as JArray, newCell?["outputs"] as JArray));
                    break;
                case "metadata" or "attachments":
                    lines.AddRange(Paths(key, op, oldCell?[key]));
                    break;
                default:
                    lines.Add($"{key}: {Short(oldCell?[key])} → {Short(newCell?[key])}");
                    break;
            }
        }
        return lines;
    }

    /// <summary>Changes inside a JSON value, one line per changed path.</summary>
    public static List<string> Paths(string prefix, DiffOp op, JToken? old)
    {
        var lines = new List<string>();
        switch (op.Op)
        {
            case "add":
                lines.Add($"{prefix} added: {Short(op.Value)}");
                break;
            case "remove":
                lines.Add($"{prefix} removed (was {Short(old)})");
                break;
            case "replace":
                lines.Add($"{prefix}: {Short(old)} → {Short(op.Value)}");
                break;
            case "patch" when old is JObject obj:
                foreach (var inner in op.Diff!) lines.AddRange(Paths(prefix + "." + inner.Key, inner, obj[(string)inner.Key!]));
                break;
            default:
                lines.Add($"{prefix} changed");
                break;
        }
        return lines;
    }

    private static IEnumerable<string> Outputs(DiffOp op, JArray? old, JArray? updated)
    {
        if (op.Op != "patch")
        {
            yield return $"outputs: {old?.Count ?? 0} → {updated?.Count ?? 0}";
            yield break;
        }
        foreach (var inner in op.Diff!)
        {
            var index = (int)inner.Key!;
            switch (inner.Op)
            {
                case "addrange":
                    foreach (var output in inner.ValueList!) yield return $"output added: {Kind(output)}";
                    break;
                case "removerange":
                    for (var k = 0; k < inner.Length; k++) yield return $"output {index + k} removed: {Kind(old?[index + k])}";
                    break;
                case "patch":
                    var before = old?[index] as JObject;
                    foreach (var part in inner.Diff!)
                    {
                        if ((string)part.Key! == "data" && part.Op == "patch" && before?["data"] is JObject data)
                        {
                            foreach (var mime in part.Diff!)
                            {
                                var name = (string)mime.Key!;
                                yield return $"output {index} {name}: {MimeChange(name, data[name], updated?[index]?["data"]?[name], mime)}";
                                if (IsText(name) && mime.Op == "patch") foreach (var line in TextDiff(data[name], updated?[index]?["data"]?[name])) yield return line;
                            }
                        }
                        else if ((string)part.Key! == "text" && part.Op == "patch")
                        {
                            yield return $"output {index} text changed:";
                            foreach (var line in TextDiff(before?["text"], updated?[index]?["text"])) yield return line;
                        }
                        else
                        {
                            foreach (var line in Paths($"output {index} {part.Key}", part, before?[(string)part.Key!])) yield return line;
                        }
                    }
                    break;
                default:
                    yield return $"output {index} replaced";
                    break;
            }
        }
    }

    private static string MimeChange(string mime, JToken? old, JToken? updated, DiffOp op)
    {
        if (op.Op == "add") return "added";
        if (op.Op == "remove") return "removed";
        if (mime.StartsWith("image/", StringComparison.Ordinal) && mime != "image/svg+xml")
        {
            var after = op.Op == "replace" ? op.Value : updated;
            return $"image changed ({Size(old)} → {(after is null ? "?" : Size(after))})";
        }
        if (mime.EndsWith("json", StringComparison.Ordinal))
        {
            var paths = new List<string>();
            JsonPaths("", op, paths);
            return "JSON changed at " + string.Join(", ", paths.Take(5)) + (paths.Count > 5 ? $" and {paths.Count - 5} more" : "");
        }
        return "text changed:";
    }

    private static bool IsText(string mime) => mime.StartsWith("text/", StringComparison.Ordinal) && mime != "text/html" || mime == "application/javascript";

    /// <summary>A short line diff of an output's old and new text (at most 12 lines shown).</summary>
    private static IEnumerable<string> TextDiff(JToken? old, JToken? updated)
    {
        string Join(JToken? t) => t is JArray a ? string.Concat(a.Select(x => x.Str())) : t.Str() ?? "";
        var lines = LineDiff.Compute(Join(old), Join(updated)).Where(l => l.Kind != ' ').ToList();
        foreach (var line in lines.Take(12)) yield return $"  {line.Kind} {line.Text}";
        if (lines.Count > 12) yield return $"  … {lines.Count - 12} more changed lines";
    }

    private static void JsonPaths(string path, DiffOp op, List<string> paths)
    {
        if (op.Op == "patch" && op.Diff is { } inner) foreach (var d in inner) JsonPaths(path + "/" + d.Key, d, paths);
        else paths.Add(path.Length == 0 ? "/" : path);
    }

    private static string Size(JToken? token)
    {
        var text = token is JArray a ? string.Concat(a.Select(t => t.Str())) : token.Str() ?? "";
        return $"{text.Length * 3 / 4:N0} bytes";
    }

    public static string Kind(JToken? output) => output is JObject o
        ? o["output_type"].Str() switch
        {
            "stream" => $"stream {o["name"].Str()}",
            "error" => $"error {o["ename"].Str()}",
            var t => $"{t} {string.Join(", ", (o["data"] as JObject)?.Properties().Select(p => p.Name) ?? [])}".TrimEnd(),
        }
        : "output";

    public static string Short(JToken? token)
    {
        if (token is null) return "(none)";
        var text = token.Type == JTokenType.String ? "\"" + (string)token! + "\"" : token.ToString(Newtonsoft.Json.Formatting.None);
        return text.Length > 80 ? text[..77] + "…" : text;
    }
}
