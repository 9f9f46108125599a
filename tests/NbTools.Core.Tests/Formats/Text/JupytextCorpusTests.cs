using NbTools.Core.Formats;
using NbTools.Core.Model;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Tests.Formats.Text;

/// <summary>
/// Every text jupytext wrote for the corpus (../shared/interop/jupytext-corpus) reads into the cells
/// jupytext itself reads from it – or into exactly the original notebook's cells, where jupytext's
/// own reading loses something (the CR of CRLF, some trailing newlines).
/// </summary>
public sealed class JupytextCorpusTests
{
    private static string Folder => Path.Combine(Corpus.SharedFolder, "interop", "jupytext-corpus");

    public static TheoryData<string> Texts()
    {
        var data = new TheoryData<string>();
        foreach (var text in TextNames()) data.Add(text);
        return data;
    }

    private static List<string> TextNames() =>
        Directory.GetFiles(Folder, "*.cells.json").Order(StringComparer.Ordinal)
            .Select(cells => Path.GetFileName(cells)[..^".cells.json".Length]).ToList();

    [Fact]
    public void The_folder_holds_the_texts_of_thirty_notebooks()
    {
        var texts = TextNames();
        Assert.Equal(30, texts.Select(Path.GetFileNameWithoutExtension).Distinct().Count());
        Assert.All(texts, t => Assert.True(File.Exists(Path.Combine(Folder, t)), t));
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void Reading_jupytexts_text_gives_jupytexts_cells_or_the_original(string text)
    {
        var path = Path.Combine(Folder, text);
        var read = Describe(Notebooks.Read(path).Cells);
        var jupytexts = JArray.Parse(File.ReadAllText(path + ".cells.json"))
            .Select(c => (string)c["cell_type"]! + ":" + (string)c["source"]!).ToList();
        if (read.SequenceEqual(jupytexts)) return;
        var original = Describe(Notebooks.Read(Corpus.PathOf(OriginalName(text))).Cells);
        if (read.SequenceEqual(original)) return;
        // Neither: show the first cell that differs from jupytext's reading, in full.
        var at = Enumerable.Range(0, Math.Min(read.Count, jupytexts.Count)).FirstOrDefault(i => read[i] != jupytexts[i], Math.Min(read.Count, jupytexts.Count));
        Assert.Fail($"{read.Count} cells read, jupytext {jupytexts.Count}, original {original.Count}; first difference at cell {at}:\n"
            + $"jupytext: {Show(jupytexts, at)}\nNbTools:  {Show(read, at)}\noriginal: {Show(original, at)}");
    }

    private static string Show(List<string> cells, int at) =>
        at < cells.Count ? Newtonsoft.Json.JsonConvert.ToString(cells[at]) : "(none)";

    private static string OriginalName(string text) => Path.GetFileNameWithoutExtension(text) + ".ipynb";

    private static List<string> Describe(IEnumerable<Cell> cells) => cells.Select(c => c.CellType + ":" + c.Source).ToList();
}
