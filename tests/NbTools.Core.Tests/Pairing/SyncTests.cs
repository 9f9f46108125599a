using NbTools.Core.Formats;
using NbTools.Core.Model;
using NbTools.Core.Pairing;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Tests.Pairing;

/// <summary>Paired notebooks over the corpus: edits in the text reach the notebook and keep every untouched cell whole.</summary>
public sealed class SyncTests
{
    public static TheoryData<string, string, string> NotebooksAndEdits()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var row in (IEnumerable<object[]>)Corpus.NbformatFourNotebooks())
        {
            foreach (var edit in new[] { "change", "insert-before-changed", "delete", "move", "swap-markdown" }) data.Add((string)row[0], "script", edit);
            foreach (var format in new[] { "md", "dib" })
            {
                foreach (var edit in new[] { "change", "insert-before-changed" }) data.Add((string)row[0], format, edit);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(NotebooksAndEdits))]
    public void Text_edits_reach_the_notebook_and_untouched_cells_keep_outputs_ids_and_metadata(string name, string pairedFormat, string edit)
    {
        using var temp = new TempFolder();
        var path = temp.File("nb.ipynb");
        // Mark every cell so the test can follow it (hidden from the text, so it cannot guide the matching).
        var marked = Notebooks.Read(Corpus.PathOf(name));
        for (var i = 0; i < marked.Cells.Count; i++) marked.Cells[i].Metadata[TestKey] = i;
        Notebooks.Write(marked, path);
        NotebookPairing.Pair(path, [pairedFormat], Options);
        var paired = Notebooks.Read(path);
        var textPath = Directory.GetFiles(temp.Path).Single(f => !f.EndsWith(".ipynb", StringComparison.Ordinal));
        var format = NotebookFormats.ByPath(textPath)!;

        var text = format.Read(File.ReadAllBytes(textPath), textPath);
        if (!ApplyEdit(text, edit)) return; // the notebook has no cell this edit needs
        using (var stream = File.Create(textPath)) format.Write(text, stream);
        var editedText = format.Read(File.ReadAllBytes(textPath), textPath);

        var result = NotebookPairing.Sync(new SyncRequest([path], Options: Options));
        Assert.Equal(SyncAction.UpdatedNotebook, Assert.Single(result.Pairs).Action);
        var synced = Notebooks.Read(path);

        // The notebook's inputs are now exactly the text's.
        Assert.Equal(editedText.Cells.Select(c => (c.CellType, c.Source)), synced.Cells.Select(c => (c.CellType, c.Source)));
        // Every cell that kept its source kept everything else; no output moved to another cell.
        var before = paired.Cells.ToDictionary(c => (int)c.Metadata[TestKey]!);
        foreach (var cell in synced.Cells)
        {
            var original = cell.Metadata[TestKey] is { } index ? before[(int)index] : null;
            if (original is null)
            {
                Assert.Empty(cell.Outputs); // a new cell has no outputs of another
                continue;
            }
            if (original.Source == cell.Source && original.CellType == cell.CellType)
            {
                Assert.Equal(original.ExecutionCount, cell.ExecutionCount);
                Assert.True(JToken.DeepEquals(new JArray(original.Outputs.Select(x => x.Content)), new JArray(cell.Outputs.Select(x => x.Content))), $"outputs of cell {cell.Id} changed");
                Assert.True(JToken.DeepEquals(original.Metadata, cell.Metadata), $"metadata of cell {cell.Id} changed");
                Assert.Equal(original.Id, cell.Id);
            }
            else
            {
                Assert.Empty(cell.Outputs); // edited: its outputs were stale
                Assert.Null(cell.ExecutionCount);
            }
        }
        if (synced.NbFormatMinor >= 5 && paired.Cells.All(c => c.Id is not null))
        {
            Assert.All(synced.Cells, c => Assert.NotNull(c.Id));
            Assert.Equal(synced.Cells.Count, synced.Cells.Select(c => c.Id).Distinct().Count());
        }
        // And a second sync has nothing to do.
        Assert.Equal(SyncAction.UpToDate, NotebookPairing.Sync(new SyncRequest([path], Options: Options)).Pairs[0].Action);
        Assert.False(NotebookPairing.Sync(new SyncRequest([path], Check: true, Options: Options)).NeedsAttention);
    }

    private const string TestKey = "nbtools_test_index";

    private static readonly Core.Formats.Text.TextFormatOptions Options = Core.Formats.Text.TextFormatOptions.FromSpecs("-" + TestKey, null);

    private static bool ApplyEdit(Notebook text, string edit)
    {
        var code = text.Cells.Select((c, i) => (c, i)).Where(p => p.c.IsCode && p.c.Source.Length > 0).Select(p => p.i).ToList();
        var markdown = text.Cells.Select((c, i) => (c, i)).Where(p => p.c.CellType == CellType.Markdown).Select(p => p.i).ToList();
        switch (edit)
        {
            case "change" when code.Count > 0:
                text.Cells[code[code.Count / 2]].Source += "\n// changed by the sync test";
                return true;
            case "insert-before-changed" when code.Count > 0:
                var target = code[code.Count / 2];
                text.Cells[target].Source += "\n// changed by the sync test";
                text.Cells.Insert(target, new Cell(CellType.Code, "// a new cell inserted before a changed one"));
                return true;
            case "delete" when text.Cells.Count > 1:
                text.Cells.RemoveAt(0);
                return true;
            case "move" when text.Cells.Count > 2:
                var last = text.Cells[^1];
                text.Cells.RemoveAt(text.Cells.Count - 1);
                text.Cells.Insert(0, last);
                return true;
            case "swap-markdown" when markdown.Count > 1 && text.Cells[markdown[0]].Source != text.Cells[markdown[^1]].Source:
                (text.Cells[markdown[0]], text.Cells[markdown[^1]]) = (text.Cells[markdown[^1]], text.Cells[markdown[0]]);
                return true;
            default:
                return false;
        }
    }

    [Fact]
    public void Touching_files_or_checking_them_out_in_any_order_changes_nothing()
    {
        using var temp = new TempFolder();
        var path = temp.File("nb.ipynb");
        File.Copy(Corpus.PathOf("papermill__pm_example.ipynb"), path);
        NotebookPairing.Pair(path, ["py"]);
        var text = temp.File("nb.py");
        var (ipynbBytes, textBytes) = (File.ReadAllBytes(path), File.ReadAllBytes(text));
        foreach (var (first, second) in new[] { (path, text), (text, path) })
        {
            File.SetLastWriteTimeUtc(first, DateTime.UtcNow.AddMinutes(-10));
            File.SetLastWriteTimeUtc(second, DateTime.UtcNow);
            var stamp = File.GetLastWriteTimeUtc(second);
            var result = NotebookPairing.Sync(new SyncRequest([temp.Path]));
            Assert.Equal(SyncAction.UpToDate, Assert.Single(result.Pairs).Action);
            Assert.Equal(ipynbBytes, File.ReadAllBytes(path));
            Assert.Equal(textBytes, File.ReadAllBytes(text));
            Assert.Equal(stamp, File.GetLastWriteTimeUtc(second));
        }
    }

    [Fact]
    public void Both_sides_edited_is_a_conflict_that_writes_nothing_until_a_side_is_preferred()
    {
        using var temp = new TempFolder();
        var path = temp.File("nb.ipynb");
        File.Copy(Corpus.PathOf("papermill__pm_example.ipynb"), path);
        NotebookPairing.Pair(path, ["py"]);
        var text = temp.File("nb.py");
        File.AppendAllText(text, "\n# %%\nprint('from the text')\n");
        var notebook = Notebooks.Read(path);
        notebook.Cells[0].Source += " (edited in Jupyter)";
        Notebooks.Write(notebook, path);
        var (ipynbBytes, textBytes) = (File.ReadAllBytes(path), File.ReadAllBytes(text));

        var conflict = NotebookPairing.Sync(new SyncRequest([path]));
        var pair = Assert.Single(conflict.Pairs);
        Assert.Equal(SyncAction.Conflict, pair.Action);
        Assert.Contains(path, pair.Message);
        Assert.Contains(text, pair.Message);
        Assert.Contains("--prefer", pair.Message);
        Assert.True(conflict.NeedsAttention);
        Assert.Equal(ipynbBytes, File.ReadAllBytes(path));
        Assert.Equal(textBytes, File.ReadAllBytes(text));

        Assert.Equal(SyncAction.UpdatedNotebook, NotebookPairing.Sync(new SyncRequest([path], Prefer: SyncPreference.Text)).Pairs[0].Action);
        Assert.Contains(Notebooks.Read(path).Cells, c => c.Source == "print('from the text')");
    }

    [Fact]
    public void A_missing_text_is_recreated_and_a_text_alone_creates_its_notebook()
    {
        using var temp = new TempFolder();
        var path = temp.File("nb.ipynb");
        File.Copy(Corpus.PathOf("irkernel__Demo.ipynb"), path);
        NotebookPairing.Pair(path, ["script", "md"]);
        var script = temp.File("nb.R");
        var scriptBytes = File.ReadAllBytes(script);
        File.Delete(script);
        Assert.True(NotebookPairing.Sync(new SyncRequest([path], Check: true)).NeedsAttention);
        Assert.Equal(SyncAction.CreatedTexts, NotebookPairing.Sync(new SyncRequest([path])).Pairs[0].Action);
        Assert.Equal(scriptBytes, File.ReadAllBytes(script));

        var textOnly = temp.File("fresh.py");
        File.WriteAllText(textOnly, "# ---\n# jupyter:\n#   jupytext:\n#     formats: ipynb,py:percent\n#   kernelspec:\n#     display_name: Python 3\n#     language: python\n#     name: python3\n# ---\n\n# %%\nx = 1\n");
        var created = NotebookPairing.Sync(new SyncRequest([textOnly]));
        Assert.Equal(SyncAction.CreatedNotebook, created.Pairs[0].Action);
        var notebook = Notebooks.Read(temp.File("fresh.ipynb"));
        Assert.Equal("x = 1", Assert.Single(notebook.Cells).Source);
        Assert.Equal(SyncAction.UpToDate, NotebookPairing.Sync(new SyncRequest([temp.File("fresh.ipynb")])).Pairs[0].Action);
    }

    [Fact]
    public void Folder_config_pairs_every_notebook_below_it()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.File(".git"));
        File.WriteAllText(temp.File("jupytext.toml"), "formats = \"ipynb,py:percent\"\n");
        Directory.CreateDirectory(temp.File("analysis"));
        File.Copy(Corpus.PathOf("papermill__pm_example.ipynb"), temp.File("analysis/a.ipynb"));
        var result = NotebookPairing.Sync(new SyncRequest([temp.Path]));
        Assert.Equal(SyncAction.CreatedTexts, Assert.Single(result.Pairs).Action);
        Assert.True(File.Exists(temp.File("analysis/a.py")));
    }

    [Fact]
    public void Keep_stale_outputs_keeps_an_edited_cells_outputs()
    {
        using var temp = new TempFolder();
        var path = temp.File("nb.ipynb");
        File.Copy(Corpus.PathOf("csharp-notebooks__14-Methods and Members.ipynb"), path);
        NotebookPairing.Pair(path, ["cs"]);
        var original = Notebooks.Read(path);
        var withOutputs = original.Cells.First(c => c.Outputs.Count > 0);
        var text = temp.File("nb.cs");
        var format = NotebookFormats.ByPath(text)!;
        var notebookText = format.Read(File.ReadAllBytes(text), text);
        notebookText.Cells[original.Cells.IndexOf(withOutputs)].Source += "\n// tweak";
        using (var stream = File.Create(text)) format.Write(notebookText, stream);
        NotebookPairing.Sync(new SyncRequest([path], KeepStaleOutputs: true));
        var synced = Notebooks.Read(path).Cells[original.Cells.IndexOf(withOutputs)];
        Assert.EndsWith("// tweak", synced.Source);
        Assert.Equal(withOutputs.Outputs.Count, synced.Outputs.Count);
    }
}
