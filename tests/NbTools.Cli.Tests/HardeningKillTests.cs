using NbTools.Core;
using NbTools.Core.Model;
using NbTools.Core.Pairing;

namespace NbTools.Cli.Tests;

/// <summary>
/// Kill tests with real processes: nbtools is started with NBTOOLS_FAULT_KILL_BEFORE_REPLACE=N and
/// SIGKILLs itself just before its N-th atomic replace (deterministic, no timing). Every file is then
/// old or new – never a mix that loses an edit – and the next run removes the temporary file the
/// killed one left (finding 1).
/// </summary>
public sealed class HardeningKillTests
{
    private const string Edit = "edited = \"kept through a SIGKILL\"";

    [Fact]
    public void Sync_killed_before_each_replace_loses_no_edit_and_the_next_sync_cleans_up()
    {
        using var temp = new TempFolder();
        // Kill before replace 1, 2, … until a sync gets through: every write step is interrupted once.
        for (var kill = 1; ; kill++)
        {
            Assert.True(kill <= 10, "sync made more replaces than expected");
            var folder = Path.Combine(temp.Path, $"kill-{kill}");
            Directory.CreateDirectory(folder);
            var notebook = Path.Combine(folder, "nb.ipynb");
            File.Copy(Corpus.PathOf("dotnet-interactive__Variable sharing.ipynb"), notebook);
            NotebookPairing.Pair(notebook, ["py", "md"]);
            var py = Path.ChangeExtension(notebook, ".py");
            var text = Notebooks.Read(py);
            text.Cells.First(c => c.CellType == CellType.Code).Source = Edit;
            Notebooks.Write(text, py);

            var killed = Run(folder, kill, "sync", "nb.ipynb");
            if (killed.ExitCode == 0)
            {
                Assert.True(kill > 2, $"a text edit should make sync replace at least two files, it made {kill - 1}");
                break;
            }
            Assert.Equal(137, killed.ExitCode); // 128 + SIGKILL
            Assert.Single(TempFiles(folder));

            var next = Run(folder, 0, "sync", "nb.ipynb");
            Assert.True(next.ExitCode == 0, next.Error);
            Assert.Empty(TempFiles(folder));
            foreach (var file in new[] { notebook, py, Path.ChangeExtension(notebook, ".md") })
            {
                Assert.True(Notebooks.Read(file).Cells.Any(c => c.Source == Edit), $"{Path.GetFileName(file)} lost the edit when killed before replace {kill}");
            }
        }
    }

    [Fact]
    public void Convert_strip_and_the_merge_driver_killed_while_writing_leave_the_old_file_whole()
    {
        using var temp = new TempFolder();
        var nb = temp.File("nb.ipynb");
        File.Copy(Corpus.PathOf("papermill__simple_output.ipynb"), nb);
        var original = File.ReadAllBytes(nb);
        var py = temp.File("nb.py");
        File.WriteAllText(py, "# old text\n");

        foreach (var args in new[] { new[] { "convert", "nb.ipynb", "--to", "py", "--force" }, ["strip", "nb.ipynb"], ["git", "merge-driver", "nb.ipynb", "nb.ipynb", "nb.ipynb", "7", "nb.ipynb"] })
        {
            var killed = Run(temp.Path, 1, args);
            Assert.Equal(137, killed.ExitCode);
            Assert.Equal(original, File.ReadAllBytes(nb));
            Assert.Equal("# old text\n", File.ReadAllText(py));
            Assert.NotEmpty(TempFiles(temp.Path));
        }
        var again = Run(temp.Path, 0, "convert", "nb.ipynb", "--to", "py", "--force");
        Assert.Equal(0, again.ExitCode);
        Assert.Empty(TempFiles(temp.Path));
        Assert.StartsWith("# ---", File.ReadAllText(py));
    }

    private static string[] TempFiles(string folder) => Directory.GetFiles(folder, ".*.nbtools-*.tmp");

    private static CliRun Run(string folder, int killAt, params string[] args) => CliRun.ProcessWith(args, folder,
        environment: killAt > 0 ? new Dictionary<string, string> { ["NBTOOLS_FAULT_KILL_BEFORE_REPLACE"] = killAt.ToString(System.Globalization.CultureInfo.InvariantCulture) } : null);
}
