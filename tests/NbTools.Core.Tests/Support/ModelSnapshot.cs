using NbTools.Core.Model;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Tests.Support;

/// <summary>A notebook's full content as one JSON value, to compare two models for equality.</summary>
public static class ModelSnapshot
{
    public static JObject Of(Notebook notebook)
    {
        var cells = new JArray();
        foreach (var cell in notebook.Cells)
        {
            var extra = new JObject();
            foreach (var name in cell.Extra.Names) extra[name] = cell.Extra[name]!.DeepClone();
            cells.Add(new JObject
            {
                ["cell_type"] = cell.CellType,
                ["id"] = cell.Id,
                ["source"] = cell.Source,
                ["metadata"] = cell.Metadata.DeepClone(),
                ["attachments"] = cell.Attachments?.DeepClone(),
                ["execution_count"] = cell.ExecutionCount,
                ["outputs"] = new JArray(cell.Outputs.Select(o => o.Content.DeepClone())),
                ["extra"] = extra,
            });
        }
        var topExtra = new JObject();
        foreach (var name in notebook.Extra.Names) topExtra[name] = notebook.Extra[name]!.DeepClone();
        return new JObject
        {
            ["nbformat"] = notebook.NbFormat,
            ["nbformat_minor"] = notebook.NbFormatMinor,
            ["metadata"] = notebook.Metadata.DeepClone(),
            ["cells"] = cells,
            ["extra"] = topExtra,
        };
    }

    public static void AssertEqual(Notebook expected, Notebook actual)
    {
        var a = Of(expected);
        var b = Of(actual);
        Assert.True(JToken.DeepEquals(a, b), $"models differ:\nexpected: {Truncate(a)}\nactual:   {Truncate(b)}");
    }

    private static string Truncate(JToken t)
    {
        var s = t.ToString(Newtonsoft.Json.Formatting.None);
        return s.Length > 2000 ? s[..2000] + "…" : s;
    }
}
