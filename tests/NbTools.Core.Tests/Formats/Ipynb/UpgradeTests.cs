using System.Text;
using NbTools.Core.Model;

using NbTools.Core.Validation;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Tests.Formats.Ipynb;

/// <summary>nbformat 3 notebooks are upgraded in memory as nbformat's v3→v4 upgrade does.</summary>
public sealed class UpgradeTests
{
    public static TheoryData<string> ThreeNotebooks => Corpus.NbformatThreeNotebooks();

    [Theory]
    [MemberData(nameof(ThreeNotebooks))]
    public void Upgraded_notebook_is_valid_45_deterministic_and_keeps_every_cell(string name)
    {
        var bytes = Corpus.Bytes(name);
        var notebook = Notebooks.Read(bytes, name);
        Assert.Equal("3.0", notebook.UpgradedFrom);
        Assert.Equal((4, 5), (notebook.NbFormat, notebook.NbFormatMinor));

        var v3 = JObject.Parse(Encoding.UTF8.GetString(bytes));
        var v3Cells = v3["worksheets"]!.SelectMany(ws => ws["cells"]!).ToList();
        Assert.Equal(v3Cells.Count, notebook.Cells.Count);
        for (var i = 0; i < v3Cells.Count; i++)
        {
            var type = (string)v3Cells[i]["cell_type"]!;
            Assert.Equal(type is "heading" or "html" ? "markdown" : type, notebook.Cells[i].CellType);
            if (type == "code")
            {
                Assert.Equal(Join(v3Cells[i]["input"]), notebook.Cells[i].Source);
                Assert.Equal(v3Cells[i]["outputs"]!.Count(), notebook.Cells[i].Outputs.Count);
                Assert.Equal((int?)v3Cells[i]["prompt_number"], notebook.Cells[i].ExecutionCount);
                if (v3Cells[i]["collapsed"] is { } collapsed) Assert.Equal(collapsed, notebook.Cells[i].Metadata["collapsed"]);
            }
            if (type == "heading")
            {
                Assert.StartsWith(new string('#', (int)v3Cells[i]["level"]!) + " ", notebook.Cells[i].Source);
            }
        }
        Assert.All(notebook.Cells.SelectMany(c => c.Outputs), o =>
            Assert.Contains(o.OutputType, new[] { "stream", "display_data", "execute_result", "error" }));
        Assert.DoesNotContain(notebook.Cells.SelectMany(c => c.Outputs), o => o.Content["data"] is JObject d && d.ContainsKey("png"));
        Assert.Equal(notebook.Cells.Count, notebook.Cells.Select(c => c.Id).Distinct().Count());

        var written = Notebooks.ToBytes(notebook);
        var validation = NotebookValidator.Validate(written, name);
        Assert.True(validation.IsValid, string.Join("\n", validation.Problems));
        Assert.Equal(written, Notebooks.ToBytes(Notebooks.Read(bytes, name)));
        Assert.EndsWith("\n", Encoding.UTF8.GetString(written));
    }

    private static string Join(JToken? token) => token switch
    {
        JArray lines => string.Concat(lines.Select(l => (string?)l)),
        JValue value => (string?)value ?? "",
        _ => "",
    };
}
