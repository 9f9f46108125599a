using NbTools.Core.Model;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Formats.Text;

/// <summary>
/// Checks the metadata keys nbformat 4.5 gives a type (kernelspec, language_info, a raw cell's
/// <c>format</c>, <c>tags</c>, …) in a notebook read from a text: a header saying
/// <c>kernelspec: 5</c> or a marker saying <c>format=5</c> would otherwise become an .ipynb that
/// Jupyter refuses to open. Wrong types are refused with the key's path; missing keys are left alone.
/// </summary>
internal static class KnownMetadata
{
    public static void Check(Notebook notebook, string file)
    {
        var metadata = notebook.Metadata;
        if (metadata["kernelspec"] is { } kernelspec)
        {
            Expect(file, "metadata.kernelspec", kernelspec, JTokenType.Object, "a mapping with name and display_name");
            Strings(file, "metadata.kernelspec", (JObject)kernelspec, "name", "display_name", "language");
        }
        if (metadata["language_info"] is { } languageInfo)
        {
            Expect(file, "metadata.language_info", languageInfo, JTokenType.Object, "a mapping with a name");
            Strings(file, "metadata.language_info", (JObject)languageInfo, "name");
        }
        for (var i = 0; i < notebook.Cells.Count; i++)
        {
            var cell = notebook.Cells[i].MetadataView;
            if (cell.Count == 0) continue; // the usual case: nothing to check, no path to spell
            var path = $"cells[{i}].metadata";
            Strings(file, path, cell, "format", "name");
            if (cell["tags"] is { } tags)
            {
                Expect(file, path + ".tags", tags, JTokenType.Array, "a list of strings");
                if (tags.Any(t => t.Type != JTokenType.String)) throw Wrong(file, path + ".tags", "a list of strings", tags);
            }
            if (cell["collapsed"] is { } collapsed) Expect(file, path + ".collapsed", collapsed, JTokenType.Boolean, "true or false");
            if (cell["scrolled"] is { } scrolled && scrolled.Type != JTokenType.Boolean && !(scrolled.Type == JTokenType.String && (string?)scrolled == "auto"))
            {
                throw Wrong(file, path + ".scrolled", "true, false or \"auto\"", scrolled);
            }
            foreach (var key in new[] { "jupyter", "execution" })
            {
                if (cell[key] is { } value) Expect(file, $"{path}.{key}", value, JTokenType.Object, "a mapping");
            }
        }
    }

    private static void Strings(string file, string path, JObject parent, params string[] keys)
    {
        foreach (var key in keys)
        {
            if (parent[key] is { } value) Expect(file, $"{path}.{key}", value, JTokenType.String, "a string");
        }
    }

    private static void Expect(string file, string path, JToken value, JTokenType type, string expected)
    {
        if (value.Type != type) throw Wrong(file, path, expected, value);
    }

    private static NotebookFormatException Wrong(string file, string path, string expected, JToken value) =>
        new(file, $"nbformat wants {expected} here, found {Describe(value)}; fix the header or the cell marker", path);

    private static string Describe(JToken value) => value.Type switch
    {
        JTokenType.Object => "a mapping",
        JTokenType.Array => "a list",
        JTokenType.String => $"the string \"{(string?)value}\"",
        JTokenType.Null => "null",
        _ => $"{value.Type.ToString().ToLowerInvariant()} {value.ToString(Newtonsoft.Json.Formatting.None)}",
    };
}
