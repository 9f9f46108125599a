using NbTools.Core.IO;
using NbTools.Core.Model;
using NbTools.Core.Pairing;

namespace NbTools.Core.Tests.Hardening;

/// <summary>
/// Finding 1: an interrupted sync must never lose an edit. Each test counts the atomic replaces a
/// full sync makes, then interrupts a fresh copy before each one in turn (a fault point in
/// <see cref="AtomicFile"/>, so every window is hit deterministically), runs sync again, and checks
/// that the edit is in every file.
/// </summary>
public sealed class InterruptedSyncTests
{
    private sealed class SimulatedKill : Exception;

    public static TheoryData<string, string> Notebooks() => new()
    {
        { "papermill__simple_output.ipynb", "text" },
        { "papermill__simple_output.ipynb", "ipynb" },
        { "dotnet-interactive__Variable sharing.ipynb", "text" },
        { "dotnet-interactive__Variable sharing.ipynb", "ipynb" },
        { "csharp-notebooks__13-Objects and Classes.ipynb", "text" },
        { "csharp-notebooks__13-Objects and Classes.ipynb", "ipynb" },
    };

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Sync_interrupted_before_any_replace_keeps_the_edit_after_the_next_sync(string name, string editedSide)
    {
        using var temp = new TempFolder();
        var steps = CountReplaces(temp, name, editedSide);
        Assert.True(steps >= 2, $"a sync of {editedSide} edits should replace at least two files, saw {steps}");
        for (var kill = 1; kill <= steps; kill++)
        {
            var folder = Path.Combine(temp.Path, $"kill-{kill}");
            var (notebook, texts, expected) = PairAndEdit(folder, name, editedSide);
            var replaces = 0;
            using (WriteFaults.Install(_ =>
            {
                if (++replaces == kill) throw new SimulatedKill();
            }))
            {
                Assert.Throws<SimulatedKill>(() => NotebookPairing.Sync(new SyncRequest([notebook])));
            }

            var after = NotebookPairing.Sync(new SyncRequest([notebook])).Pairs.Single();
            Assert.NotEqual(SyncAction.Conflict, after.Action);
            AssertEveryFileHolds(notebook, texts, expected, $"interrupted before replace {kill} of {steps}");
            Assert.Equal(SyncAction.UpToDate, NotebookPairing.Sync(new SyncRequest([notebook])).Pairs.Single().Action);
        }
    }

    [Fact]
    public void Texts_are_written_before_the_notebook_whose_record_commits_the_sync()
    {
        using var temp = new TempFolder();
        var (notebook, _, _) = PairAndEdit(temp.Path, "papermill__simple_output.ipynb", "text");
        var order = new List<string>();
        using (WriteFaults.Install(order.Add))
        {
            NotebookPairing.Sync(new SyncRequest([notebook]));
        }
        Assert.Equal(Path.GetFullPath(notebook), order[^1]);
        Assert.True(order.Count >= 2);
    }

    private static int CountReplaces(TempFolder temp, string name, string editedSide)
    {
        var (notebook, _, _) = PairAndEdit(Path.Combine(temp.Path, "count"), name, editedSide);
        var count = 0;
        using (WriteFaults.Install(_ => count++))
        {
            NotebookPairing.Sync(new SyncRequest([notebook]));
        }
        return count;
    }

    /// <summary>A corpus notebook paired with a C# script and Markdown, then one cell's source edited on one side.</summary>
    private static (string Notebook, string[] Texts, string EditedSource) PairAndEdit(string folder, string name, string editedSide)
    {
        Directory.CreateDirectory(folder);
        var notebook = Path.Combine(folder, "nb.ipynb");
        File.Copy(Corpus.PathOf(name), notebook);
        NotebookPairing.Pair(notebook, ["py", "md"]);
        var texts = new[] { Path.ChangeExtension(notebook, ".py"), Path.ChangeExtension(notebook, ".md") };
        const string edit = "edited = \"by the user\"  # must survive any interruption";
        if (editedSide == "text")
        {
            var format = Core.Formats.NotebookFormats.ByPath(texts[0])!;
            var text = format.Read(File.ReadAllBytes(texts[0]), texts[0]);
            var cell = text.Cells.First(c => c.CellType == CellType.Code);
            cell.Source = edit;
            using var stream = File.Create(texts[0]);
            format.Write(text, stream);
        }
        else
        {
            var read = Core.Notebooks.Read(notebook);
            read.Cells.First(c => c.CellType == CellType.Code).Source = edit;
            Core.Notebooks.Write(read, notebook);
        }
        return (notebook, texts, edit);
    }

    private static void AssertEveryFileHolds(string notebook, string[] texts, string edited, string when)
    {
        Assert.True(Core.Notebooks.Read(notebook).Cells.Any(c => c.Source == edited), $"the notebook lost the edit ({when})");
        foreach (var text in texts)
        {
            Assert.True(Core.Notebooks.Read(text).Cells.Any(c => c.Source == edited), $"{Path.GetFileName(text)} lost the edit ({when})");
        }
    }
}
