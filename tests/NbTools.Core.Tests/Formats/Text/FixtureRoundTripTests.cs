using System.Text;
using NbTools.Core.Formats;
using NbTools.Core.Formats.Text;
using NbTools.Core.Model;

namespace NbTools.Core.Tests.Formats.Text;

/// <summary>
/// Hand-written notebooks of the cases jupytext gets wrong (trailing newlines, marker-like lines,
/// language magics, blank-line cells…) through every text format, plus golden files of the text.
/// Regenerate the golden files on purpose with NBTOOLS_UPDATE_GOLDEN=1.
/// </summary>
public sealed class FixtureRoundTripTests
{
    public static TheoryData<string, string> FixturesAndFormats()
    {
        var data = new TheoryData<string, string>();
        foreach (var fixture in new[] { "Fixtures/edge-cases.ipynb", "Fixtures/edge-cases-python.ipynb", "../../samples/coffee-prices/coffee-prices.ipynb" })
        {
            foreach (var format in new[] { NotebookFormats.Script, "md", "dib" }) data.Add(fixture, format);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(FixturesAndFormats))]
    public void Every_cell_survives_and_the_text_matches_its_golden_file(string fixture, string format)
    {
        var path = Locate(fixture);
        var notebook = Notebooks.Read(path);
        var target = format == NotebookFormats.Script ? NotebookFormats.ScriptFor(notebook) : NotebookFormats.ByName(format)!;
        using var buffer = new MemoryStream();
        target.Write(notebook, buffer);
        var text = buffer.ToArray();
        var back = target.Read(text, "x" + target.Extensions[0]);
        Assert.Equal(notebook.Cells.Count, back.Cells.Count);
        for (var i = 0; i < notebook.Cells.Count; i++)
        {
            Assert.Equal(notebook.Cells[i].CellType, back.Cells[i].CellType);
            Assert.True(notebook.Cells[i].Source == back.Cells[i].Source, $"cell {i}: [{notebook.Cells[i].Source}] became [{back.Cells[i].Source}]");
            if (notebook.Cells[i].IsCode) Assert.Equal(NotebookLanguage.CellKernel(notebook, notebook.Cells[i]), NotebookLanguage.CellKernel(back, back.Cells[i]));
        }
        Golden.AssertMatches(Path.GetFileNameWithoutExtension(path) + target.Extensions[0], Encoding.UTF8.GetString(text));
    }

    internal static string Locate(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NbTools.sln"))) dir = dir.Parent;
        var testsRoot = Path.Combine(dir!.FullName, "tests", "NbTools.Core.Tests");
        return Path.GetFullPath(Path.Combine(testsRoot, relative));
    }
}
