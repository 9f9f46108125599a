// Shared by the test projects that check NbTools' pages against notebook script (linked explicitly; needs NbTools.Core).
using NbTools.Core.Model;
using Newtonsoft.Json.Linq;

namespace NbTools.Tests.Support;

/// <summary>A notebook carrying <see cref="ScriptProbe.Attacks"/> in markdown, source and every kind of output, its text marked with <c>side</c>.</summary>
public static class HostileNotebook
{
    public static Notebook Create(string side)
    {
        var notebook = new Notebook();
        notebook.Metadata["kernelspec"] = new JObject { ["name"] = "python3", ["display_name"] = "Python 3", ["language"] = "python" };
        notebook.Cells.Add(new Cell(CellType.Markdown, $"# Heading {side}\n\nsafe words {side}\n\n{ScriptProbe.Attacks}\n\n[a link](javascript:window.__xss=9)"));
        var code = new Cell(CellType.Code, $"print('{side}')\n# <script>window.__xss = 10</script>");
        code.Outputs.Add(new Output(new JObject
        {
            ["output_type"] = "display_data",
            ["metadata"] = new JObject(),
            ["data"] = new JObject
            {
                ["text/html"] = $"<b>{side}</b>" + ScriptProbe.Attacks,
                ["text/plain"] = "<script>window.__xss = 11</script>",
            },
        }));
        code.Outputs.Add(new Output(new JObject
        {
            ["output_type"] = "display_data",
            ["metadata"] = new JObject(),
            ["data"] = new JObject { ["image/svg+xml"] = $"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"window.__xss = 12\"><script>window.__xss = 13</script><text>{side}</text></svg>" },
        }));
        code.Outputs.Add(new Output(new JObject
        {
            ["output_type"] = "execute_result",
            ["execution_count"] = 1,
            ["metadata"] = new JObject(),
            ["data"] = new JObject { ["text/markdown"] = ScriptProbe.Attacks, ["text/plain"] = side },
        }));
        code.Outputs.Add(Output.Stream("stderr", "<img src=x onerror=\"window.__xss = 14\">"));
        notebook.Cells.Add(code);
        return notebook;
    }
}
