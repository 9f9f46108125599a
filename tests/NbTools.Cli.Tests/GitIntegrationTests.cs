using NbTools.Core;
using NbTools.Core.Model;

namespace NbTools.Cli.Tests;

/// <summary>nbtools git install / merge driver / textconv / strip filter, with the real git in temporary repositories.</summary>
public sealed class GitIntegrationTests : IDisposable
{
    private const string Notebook = "my notebooks/Methods and Members.ipynb"; // a path with spaces
    private readonly TempFolder repo = new();

    public GitIntegrationTests()
    {
        Git("init", "-q", "-b", "main");
        Directory.CreateDirectory(repo.File("my notebooks"));
        File.Copy(Corpus.PathOf("csharp-notebooks__14-Methods and Members.ipynb"), repo.File(Notebook));
        Git("add", "-A");
        Git("commit", "-q", "-m", "base");
    }

    public void Dispose() => repo.Dispose();

    [Fact]
    public void Branches_editing_different_cells_merge_cleanly_with_both_edits()
    {
        Install();
        var code = CodeCells(Read()).ToList();
        Branch("left", nb => CodeCells(nb).ElementAt(0).Source += "\n// left edit");
        Branch("right", nb => CodeCells(nb).ElementAt(code.Count - 1).Source += "\n// right edit", from: "main");
        Git("checkout", "-q", "left");
        var merge = GitResult("merge", "-q", "--no-edit", "right");
        Assert.True(merge.Code == 0, merge.Error + merge.Out);
        var merged = Read();
        Assert.EndsWith("// left edit", CodeCells(merged).ElementAt(0).Source);
        Assert.EndsWith("// right edit", CodeCells(merged).ElementAt(code.Count - 1).Source);
        Assert.Equal(code.Count, CodeCells(merged).Count());
        Assert.Equal(0, CliRun.Process("validate", repo.File(Notebook)).ExitCode);
    }

    [Fact]
    public void Different_edits_of_the_same_line_leave_markers_in_a_notebook_that_still_opens()
    {
        var merge = MergeConflictingFirstLines();
        Assert.Contains("CONFLICT", merge.Out);
        Assert.Contains(Notebook, Git("diff", "--name-only", "--diff-filter=U"));
        var source = CodeCells(Read()).First().Source;
        Assert.StartsWith("<<<<<<< ", source);
        Assert.Contains("var answer = 41; // left\n=======\nvar answer = 43; // right\n>>>>>>> ", source);
        Assert.True(NbTools.Core.Validation.NotebookValidator.Validate(repo.File(Notebook)).IsValid); // still a valid notebook: it opens
    }

    [Fact]
    public void A_conflict_has_a_lifecycle_validate_fails_until_the_markers_are_gone_and_the_record_is_cleared()
    {
        var merge = MergeConflictingFirstLines();

        // One numbering: what the driver said on stderr is what the metadata records and validate names.
        var cellNumber = Read().Cells.FindIndex(c => c.Source.StartsWith("<<<<<<<", StringComparison.Ordinal)) + 1;
        Assert.Contains($"cell {cellNumber}: source", merge.Out + merge.Error);
        var record = (Newtonsoft.Json.Linq.JArray)Read().Metadata["nbtools"]!["conflicts"]!;
        Assert.Equal(cellNumber, (int)record.Single()["cell"]!);

        var unresolved = CliRun.Process("validate", repo.File(Notebook));
        Assert.Equal(1, unresolved.ExitCode);
        Assert.Contains($"cell {cellNumber}: unresolved merge conflict", unresolved.Out);
        Assert.Contains($"nbtools: cell {cellNumber}: unresolved merge conflict", CliRun.Process("git", "textconv", repo.File(Notebook)).Out);
        var refused = CliRun.Process("resolve", repo.File(Notebook));
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("still holds conflict markers", refused.Error);

        // Resolved by hand: the markers are gone, the record is not – validate still says so.
        var notebook = Read();
        var cell = notebook.Cells[cellNumber - 1];
        var afterMarkers = cell.Source.IndexOf('\n', cell.Source.IndexOf(">>>>>>>", StringComparison.Ordinal));
        cell.Source = "var answer = 42; // both" + (afterMarkers < 0 ? "" : cell.Source[afterMarkers..]);
        Notebooks.Write(notebook, repo.File(Notebook));
        var stale = CliRun.Process("validate", repo.File(Notebook));
        Assert.Equal(1, stale.ExitCode);
        Assert.Contains("stale conflict record", stale.Out);

        var resolve = CliRun.Process("resolve", repo.File(Notebook));
        Assert.Equal(0, resolve.ExitCode);
        Assert.Contains("resolved", resolve.Out);
        Assert.Null(Read().Metadata["nbtools"]?["conflicts"]);
        Assert.Equal(0, CliRun.Process("validate", repo.File(Notebook)).ExitCode);
        Assert.DoesNotContain("nbtools:", CliRun.Process("git", "textconv", repo.File(Notebook)).Out.Split('\n')[0]);
        Assert.StartsWith("var answer = 42; // both", Read().Cells[cellNumber - 1].Source);
    }

    [Fact]
    public void The_merge_driver_labels_markers_with_the_branches_git_passes_and_falls_back_where_git_is_older()
    {
        var folder = repo.File("labels");
        Directory.CreateDirectory(folder);
        var (b, l, r) = (Path.Combine(folder, "base.ipynb"), Path.Combine(folder, "local.ipynb"), Path.Combine(folder, "remote.ipynb"));
        File.Copy(repo.File(Notebook), b);
        foreach (var (path, text) in new[] { (l, "var answer = 41;"), (r, "var answer = 43;") })
        {
            var notebook = Notebooks.Read(b);
            SetFirstLine(CodeCells(notebook).First(), text);
            Notebooks.Write(notebook, path);
        }
        var localCopy = File.ReadAllBytes(l);
        Assert.Equal(1, CliRun.Process("git", "merge-driver", b, l, r, "7", "nb.ipynb", "--local-label", "feature-a", "--remote-label", "feature-b").ExitCode);
        var labelled = CodeCells(Notebooks.Read(l)).First().Source;
        Assert.StartsWith("<<<<<<< feature-a\n", labelled);
        Assert.Contains(">>>>>>> feature-b", labelled);
        File.WriteAllBytes(l, localCopy);
        Assert.Equal(1, CliRun.Process("git", "merge-driver", b, l, r, "7", "nb.ipynb", "--local-label", "%X", "--remote-label", "%Y").ExitCode); // git < 2.44
        Assert.StartsWith("<<<<<<< local\n", CodeCells(Notebooks.Read(l)).First().Source);
    }

    [Theory]
    [InlineData("missing", "does not exist")]
    [InlineData("not-executable", "is not executable")]
    [InlineData("fails", "does not start")]
    [InlineData("stale", "a stale install from another clone")]
    public void Doctor_fails_when_the_recorded_nbtools_cannot_run_the_merge(string kind, string finding)
    {
        Install();
        var program = repo.File("fake-nbtools");
        switch (kind)
        {
            case "not-executable":
                File.WriteAllText(program, "#!/bin/sh\necho 0.1.0\n");
                break;
            case "fails":
                File.WriteAllText(program, "#!/bin/sh\necho 'cannot open libcoreclr' >&2\nexit 127\n");
                MakeExecutable(program);
                break;
            case "stale":
                File.WriteAllText(program, "#!/bin/sh\necho 0.0.1-old\n");
                MakeExecutable(program);
                break;
        }
        Git("config", "merge.nbtools.driver", $"'{program}' git merge-driver %O %A %B %L %P");
        var doctor = CliRun.ProcessAt(repo.Path, "git", "doctor");
        Assert.Equal(1, doctor.ExitCode);
        var line = doctor.Out.Split('\n').Single(l => l.StartsWith("error: merge.nbtools.driver", StringComparison.Ordinal));
        Assert.Contains(finding, line);
        Assert.Contains("nbtools git install", line);
    }

    [Fact]
    public void Diff_against_git_compares_the_working_copy_through_the_strip_filter_and_expands_folders()
    {
        Assert.Equal(0, CliRun.ProcessAt(repo.Path, "git", "install", "--strip-outputs").ExitCode);
        Git("add", "-A");
        Git("commit", "-q", "-m", "strip on commit");
        Git("add", "--renormalize", ".");
        Git("commit", "-q", "-m", "stripped", "--allow-empty");
        var notebook = Read();
        foreach (var code in CodeCells(notebook)) code.Outputs.Add(Output.Stream("stdout", "ran again\n"));
        CodeCells(notebook).Last().Source += "\n// the one real change";
        Notebooks.Write(notebook, repo.File(Notebook));

        foreach (var target in new[] { Notebook, "my notebooks", "my notebooks/*.ipynb" })
        {
            var diff = CliRun.ProcessAt(repo.Path, "diff", "--color", "never", "--", target);
            Assert.Equal(1, diff.ExitCode);
            Assert.Contains("the one real change", diff.Out);
            Assert.DoesNotContain("ran again", diff.Out);
            Assert.DoesNotContain("output added", diff.Out);
        }
        var folderWithoutDash = CliRun.ProcessAt(repo.Path, "diff", "my notebooks", Notebook);
        Assert.Equal(2, folderWithoutDash.ExitCode);
        Assert.Contains("nbtools diff -- my notebooks", folderWithoutDash.Error);
    }

    [Fact]
    public void A_notebook_added_on_both_branches_merges_against_an_empty_base()
    {
        Install();
        const string added = "my notebooks/added on both.ipynb";
        void Add(string name, string extra, string? from)
        {
            if (from is not null) Git("checkout", "-q", from);
            Git("checkout", "-q", "-b", name);
            var notebook = Read();
            notebook.Cells.Add(new Cell(CellType.Code, extra));
            Notebooks.Write(notebook, repo.File(added));
            Git("add", "-A");
            Git("commit", "-q", "-m", name);
        }
        Add("left", "Console.WriteLine(\"left\");", null);
        Add("right", "Console.WriteLine(\"right\");", "main");
        Git("checkout", "-q", "left");
        Assert.NotEqual(0, GitResult("merge", "--no-edit", "right").Code);
        var merged = Notebooks.Read(repo.File(added));
        Assert.Contains(merged.Cells, c => c.Source == "Console.WriteLine(\"left\");");
        Assert.Contains(merged.Cells, c => c.Source == "Console.WriteLine(\"right\");");
        Assert.Equal(Read().Cells.Count + 2 + 3, merged.Cells.Count); // the shared cells once, both new ones, three marker cells
        Assert.True(NbTools.Core.Validation.NotebookValidator.Validate(repo.File(added)).IsValid);
        var validate = CliRun.Process("validate", repo.File(added));
        Assert.Equal(1, validate.ExitCode); // a valid notebook, but the conflict is not resolved yet
        Assert.Contains("unresolved merge conflict", validate.Out);
    }

    [Fact]
    public void A_notebook_larger_than_the_reading_window_merges_through_the_driver_as_a_small_one_does()
    {
        // 3.9 MB of real outputs: the driver reads it through a window and leaves it in git's files.
        Install();
        const string large = "my notebooks/large.ipynb";
        File.Copy(Corpus.PathOf("handson-ml2__09_unsupervised_learning.ipynb"), repo.File(large));
        Git("add", "-A");
        Git("commit", "-q", "-m", "large");
        var baseBytes = File.ReadAllBytes(repo.File(large));
        byte[] Edit(string branch, string from, Action<Notebook> edit)
        {
            Git("checkout", "-q", from);
            Git("checkout", "-q", "-b", branch);
            var notebook = Notebooks.Read(repo.File(large));
            edit(notebook);
            Notebooks.Write(notebook, repo.File(large));
            Git("commit", "-q", "-am", branch);
            return File.ReadAllBytes(repo.File(large));
        }
        var left = Edit("big-left", "main", nb => { CodeCells(nb).ElementAt(3).Source += "\n# left edit"; nb.Cells.RemoveAt(10); });
        var right = Edit("big-right", "main", nb => { CodeCells(nb).Last().Source += "\n# right edit"; nb.Cells.Insert(20, new Cell(CellType.Markdown, "A note from the right")); });
        Git("checkout", "-q", "big-left");
        var merge = GitResult("merge", "-q", "--no-edit", "big-right");
        Assert.True(merge.Code == 0, merge.Error + merge.Out);
        // What the same merge of the three notebooks held in memory writes, byte for byte.
        var expected = NbTools.Core.Git.GitMergeDriver.Merge((baseBytes, "base.ipynb"), (left, "left.ipynb"), (right, "right.ipynb"), NbTools.Core.Merging.MergeOptions.For(NbTools.Core.Merging.MergeStrategy.Inline));
        Assert.True(expected.IsClean);
        Assert.Equal(Notebooks.ToBytes(expected.Notebook), File.ReadAllBytes(repo.File(large)));
        Assert.Contains("# left edit", File.ReadAllText(repo.File(large)));
        Assert.Contains("A note from the right", File.ReadAllText(repo.File(large)));
    }

    [Fact]
    public void Changes_of_outputs_and_execution_counts_on_both_branches_never_conflict()
    {
        Install();
        Branch("left", nb =>
        {
            foreach (var cell in CodeCells(nb))
            {
                cell.ExecutionCount = 100;
                cell.Outputs.Clear();
                cell.Outputs.Add(Output.Stream("stdout", "left run\n"));
            }
        });
        Branch("right", nb =>
        {
            foreach (var cell in CodeCells(nb))
            {
                cell.ExecutionCount = 200;
                cell.Outputs.Clear();
                cell.Outputs.Add(Output.Stream("stdout", "right run\n"));
            }
        }, from: "main");
        Git("checkout", "-q", "left");
        var merge = GitResult("merge", "-q", "--no-edit", "right");
        Assert.True(merge.Code == 0, merge.Error + merge.Out);
        Assert.All(CodeCells(Read()), cell => Assert.Single(cell.Outputs));
    }

    [Fact]
    public void Without_the_driver_git_itself_breaks_the_same_merge()
    {
        // The control for the tests above: git's own text merge of the notebook JSON conflicts
        // on the outputs and leaves a file that is no longer a notebook.
        Branch("left", nb => CodeCells(nb).First().Outputs.Add(Output.Stream("stdout", "left\n")));
        Branch("right", nb => CodeCells(nb).First().Outputs.Add(Output.Stream("stdout", "right\n")), from: "main");
        Git("checkout", "-q", "left");
        Assert.NotEqual(0, GitResult("merge", "--no-edit", "right").Code);
        Assert.Equal(2, CliRun.Process("validate", repo.File(Notebook)).ExitCode);
    }

    [Fact]
    public void Git_diff_and_log_show_the_cells_as_text_without_outputs()
    {
        Install();
        var notebook = Read();
        CodeCells(notebook).First().Source += "\nConsole.WriteLine(\"textconv\");";
        CodeCells(notebook).First().Outputs.Add(Output.Stream("stdout", "noise from a run\n"));
        Notebooks.Write(notebook, repo.File(Notebook));
        var diff = Git("diff");
        Assert.Contains("+Console.WriteLine(\"textconv\");", diff);
        Assert.DoesNotContain("noise from a run", diff);
        Assert.DoesNotContain("\"outputs\"", diff);
        Git("commit", "-q", "-am", "edit");
        var log = Git("log", "-p", "-1");
        Assert.Contains("+Console.WriteLine(\"textconv\");", log);
        Assert.DoesNotContain("\"execution_count\"", log);
    }

    [Fact]
    public void Install_is_idempotent_and_uninstall_leaves_no_trace()
    {
        var configBefore = File.ReadAllText(repo.File(".git/config"));
        Install();
        var config = File.ReadAllText(repo.File(".git/config"));
        var attributes = File.ReadAllText(repo.File(".gitattributes"));
        var again = CliRun.ProcessAt(repo.Path, "git", "install");
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(config, File.ReadAllText(repo.File(".git/config")));
        Assert.Equal(attributes, File.ReadAllText(repo.File(".gitattributes")));
        Assert.Equal(1, attributes.Split('\n').Count(l => l.StartsWith("*.ipynb", StringComparison.Ordinal)));
        Assert.Equal(0, CliRun.ProcessAt(repo.Path, "git", "doctor").ExitCode);

        var uninstall = CliRun.ProcessAt(repo.Path, "git", "uninstall");
        Assert.Equal(0, uninstall.ExitCode);
        Assert.False(File.Exists(repo.File(".gitattributes")));
        Assert.Equal(configBefore, File.ReadAllText(repo.File(".git/config")));
        Assert.Equal(0, CliRun.ProcessAt(repo.Path, "git", "uninstall").ExitCode); // nothing left to remove, still fine
        Assert.Equal(1, CliRun.ProcessAt(repo.Path, "git", "doctor").ExitCode);
    }

    [Fact]
    public void Install_keeps_other_attributes_lines()
    {
        File.WriteAllText(repo.File(".gitattributes"), "*.png binary\n");
        Install();
        Assert.Equal("*.png binary\n*.ipynb diff=nbtools merge=nbtools\n", File.ReadAllText(repo.File(".gitattributes")));
        Assert.Equal(0, CliRun.ProcessAt(repo.Path, "git", "uninstall").ExitCode);
        Assert.Equal("*.png binary\n", File.ReadAllText(repo.File(".gitattributes")));
    }

    [Fact]
    public void Strip_is_byte_stable_and_keeps_cell_ids()
    {
        var path = repo.File("ids.ipynb");
        File.Copy(Corpus.PathOf("dotnet-interactive__roundtrip-approved-from_VSCode.ipynb"), path);
        var ids = Notebooks.Read(path).Cells.Select(c => c.Id).ToList();
        Assert.Equal(0, CliRun.Process("strip", path).ExitCode);
        var once = File.ReadAllBytes(path);
        var stripped = Notebooks.Read(path);
        Assert.Equal(ids, stripped.Cells.Select(c => c.Id));
        Assert.All(stripped.Cells.Where(c => c.IsCode), c => Assert.Empty(c.Outputs));
        Assert.All(stripped.Cells.Where(c => c.IsCode), c => Assert.Null(c.ExecutionCount));
        Assert.Equal(0, CliRun.Process("strip", path).ExitCode);
        Assert.Equal(once, File.ReadAllBytes(path));
    }

    [Fact]
    public void The_strip_filter_commits_notebooks_without_outputs_and_keeps_the_working_copy()
    {
        Assert.Equal(0, CliRun.ProcessAt(repo.Path, "git", "install", "--strip-outputs").ExitCode);
        var notebook = Read();
        CodeCells(notebook).First().Outputs.Add(Output.Stream("stdout", "a run's output\n"));
        CodeCells(notebook).First().ExecutionCount = 5;
        Notebooks.Write(notebook, repo.File(Notebook));
        var working = File.ReadAllBytes(repo.File(Notebook));
        Git("add", "-A");
        Git("commit", "-q", "-m", "run");
        var committed = Git("show", "HEAD:" + Notebook);
        Assert.DoesNotContain("a run's output", committed);
        Assert.DoesNotContain("\"execution_count\": 5", committed);
        Assert.Equal(working, File.ReadAllBytes(repo.File(Notebook)));
        Assert.Equal("", Git("status", "--porcelain").Trim()); // no phantom change after the commit
    }

    // --- helpers ---------------------------------------------------------------------------

    /// <summary>Branches 'left' and 'right' change the first line of the first code cell differently; left merges right.</summary>
    private (int Code, string Out, string Error) MergeConflictingFirstLines()
    {
        Install();
        Branch("left", nb => SetFirstLine(CodeCells(nb).First(), "var answer = 41; // left"));
        Branch("right", nb => SetFirstLine(CodeCells(nb).First(), "var answer = 43; // right"), from: "main");
        Git("checkout", "-q", "left");
        var merge = GitResult("merge", "--no-edit", "right");
        Assert.NotEqual(0, merge.Code);
        return merge;
    }

    private static void MakeExecutable(string path)
    {
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private void Install()
    {
        var install = CliRun.ProcessAt(repo.Path, "git", "install");
        Assert.True(install.ExitCode == 0, install.Error);
        Git("add", ".gitattributes");
        Git("commit", "-q", "-m", "nbtools git install");
    }

    private Notebook Read() => Notebooks.Read(repo.File(Notebook));

    private static IEnumerable<Cell> CodeCells(Notebook notebook) => notebook.Cells.Where(c => c.IsCode);

    private static void SetFirstLine(Cell cell, string line)
    {
        var newline = cell.Source.IndexOf('\n', StringComparison.Ordinal);
        cell.Source = newline < 0 ? line : line + cell.Source[newline..];
    }

    private void Branch(string name, Action<Notebook> edit, string? from = null)
    {
        if (from is not null) Git("checkout", "-q", from);
        Git("checkout", "-q", "-b", name);
        var notebook = Read();
        edit(notebook);
        Notebooks.Write(notebook, repo.File(Notebook));
        Git("commit", "-q", "-am", name);
    }

    private string Git(params string[] args) => TestGit.Run(repo.Path, args);

    private (int Code, string Out, string Error) GitResult(params string[] args) => TestGit.Result(repo.Path, args);
}
