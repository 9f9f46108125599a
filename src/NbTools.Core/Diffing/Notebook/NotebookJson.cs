using NbTools.Core.Model;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Diffing.Notebook;

/// <summary>
/// The JSON a notebook diff is computed on and applies to: nbformat's shape with each cell's
/// source as one string, and the parts the <see cref="DiffOptions"/> leave out removed.
/// </summary>
public static class NotebookJson
{
    public static JObject Of(Model.Notebook notebook, DiffOptions options)
    {
        var json = new JObject
        {
            ["cells"] = new JArray(notebook.Cells.Select(c => Cell(c, options))),
            ["nbformat"] = notebook.NbFormat,
            ["nbformat_minor"] = notebook.NbFormatMinor,
        };
        if (options.Metadata) json["metadata"] = Metadata(notebook.Metadata, options);
        return json;
    }

    public static JObject Cell(Cell cell, DiffOptions options)
    {
        var json = new JObject { ["cell_type"] = cell.CellType };
        if (options.Ids && cell.Id is not null) json["id"] = cell.Id;
        if (options.Sources) json["source"] = cell.Source;
        if (options.Metadata) json["metadata"] = WithoutVolatile(cell.CopyMetadata(), options);
        if (options.Attachments && cell.Attachments is { } attachments) json["attachments"] = attachments.DeepClone();
        if (cell.IsCode)
        {
            if (options.ExecutionCounts) json["execution_count"] = cell.ExecutionCount;
            if (options.Outputs) json["outputs"] = new JArray(cell.Outputs.Select(o => Output(o, options)));
        }
        return json;
    }

    private static JObject Output(Output output, DiffOptions options)
    {
        var json = output.CopyContent(); // parsed afresh: the notebook does not keep a second tree of it
        if (!options.ExecutionCounts) json.Remove("execution_count");
        if (!options.Metadata) json.Remove("metadata");
        return json;
    }

    private static JObject Metadata(JObject metadata, DiffOptions options) => WithoutVolatile((JObject)metadata.DeepClone(), options);

    private static JObject WithoutVolatile(JObject json, DiffOptions options)
    {
        if (!options.VolatileMetadata)
        {
            foreach (var key in DiffOptions.VolatileKeys) json.Remove(key);
            json.Remove("nbtools"); // NbTools' own sync record
        }
        return json;
    }
}
