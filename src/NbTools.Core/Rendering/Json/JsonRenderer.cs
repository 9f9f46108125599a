using NbTools.Core.Diffing.Notebook;

namespace NbTools.Core.Rendering.Json;

/// <summary>The diff as nbdime-format JSON (a list of ops; see Diffing/README.md and diff.schema.json).</summary>
public static class JsonRenderer
{
    public static string Render(NotebookDiffResult diff) => diff.ToJson().ToString(Newtonsoft.Json.Formatting.Indented) + "\n";
}
