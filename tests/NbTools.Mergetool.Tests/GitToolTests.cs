using System.Diagnostics;
using System.Text.RegularExpressions;
using NbTools.Core;
using NbTools.Core.Merging;
using NbTools.Core.Validation;

namespace NbTools.Mergetool.Tests;

/// <summary>
/// <c>git mergetool --tool nbtools</c> and <c>git difftool --tool nbtools</c> in a real repository,
/// after <c>nbtools git install</c>, with the built nbtools as git runs it and the page driven in Chromium.
/// </summary>
public sealed partial class GitToolTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IDisposable
{
    private const string Notebook = "my notebooks/analysis.ipynb"; // a path with a space
    private readonly TempFolder repo = new();

    public void Dispose() => repo.Dispose();

    [SkippableFact]
    public async Task Git_mergetool_resolves_a_conflicted_notebook_through_the_page()
    {
        const string name = "ui-merge_test3";
        ConflictedRepository(name);

        var (doctor, report) = Nbtools("git", "doctor");
        Assert.True(doctor == 0, report);
        Assert.Contains("mergetool.nbtools.cmd:", report, StringComparison.Ordinal);
        Assert.Contains("mergetool.nbtools.trustExitCode: true", report, StringComparison.Ordinal);

        using var git = GitProcess("mergetool", "--tool", "nbtools", "--no-prompt");
        var url = await AddressAsync(git);
        await using (var page = await MergePage.OpenAsync(chromium.Browser, url))
        {
            var conflicts = await page.ConflictsAsync();
            Assert.Equal(2, conflicts.Count);
            await page.ChooseAsync(0, "remote");
            await page.ChooseAsync(1, "local-then-remote");
            Assert.StartsWith("Saved", await page.SaveAsync());
        }
        await git.WaitForExitAsync();
        Assert.True(git.ExitCode == 0, await git.StandardError.ReadToEndAsync());

        var expected = Expected(name, [new ConflictDecision(ConflictChoice.Remote), new ConflictDecision(ConflictChoice.LocalThenRemote)]);
        Assert.Equal(expected, File.ReadAllBytes(repo.File(Notebook)));
        Assert.True(NotebookValidator.Validate(repo.File(Notebook)).IsValid);
        var status = TestGit.Run(repo.Path, "status", "--porcelain");
        Assert.DoesNotContain("UU", status, StringComparison.Ordinal); // git took the exit code as resolved and staged it
        Assert.Equal(0, Nbtools("validate", repo.File(Notebook)).Code);
    }

    [SkippableFact]
    public async Task Mergetool_without_arguments_resolves_the_conflicted_notebooks_of_git_status()
    {
        const string name = "inline-conflict";
        ConflictedRepository(name);
        using var tool = NbtoolsProcess("mergetool", "--no-browser");
        var url = await AddressAsync(tool);
        await using (var page = await MergePage.OpenAsync(chromium.Browser, url))
        {
            Assert.Single(await page.ConflictsAsync());
            await page.ChooseAsync(0, "base");
            Assert.StartsWith("Saved", await page.SaveAsync());
        }
        var rest = await tool.StandardOutput.ReadToEndAsync();
        await tool.WaitForExitAsync();
        Assert.True(tool.ExitCode == 0, await tool.StandardError.ReadToEndAsync());
        Assert.Contains("'git add' it", rest, StringComparison.Ordinal);
        Assert.Equal(Expected(name, [new ConflictDecision(ConflictChoice.Base)]), File.ReadAllBytes(repo.File(Notebook)));
        Assert.Contains("UU", TestGit.Run(repo.Path, "status", "--porcelain"), StringComparison.Ordinal); // staging is the user's call
    }

    [Fact]
    public void Mergetool_arguments_are_all_three_files_and_the_output_or_none()
    {
        TestGit.Init(repo.Path);
        foreach (var args in new[] { new[] { "mergetool", "a.ipynb", "b.ipynb" }, ["mergetool", "a.ipynb", "b.ipynb", "c.ipynb"], ["mergetool", "-o", "out.ipynb"] })
        {
            var (code, output) = Nbtools(args);
            Assert.Equal(2, code);
            Assert.Contains("mergetool takes BASE LOCAL REMOTE -o MERGED", output, StringComparison.Ordinal);
        }
        var missing = Nbtools("mergetool", "nope.ipynb", Cases.File("inline-conflict", "local"), Cases.File("inline-conflict", "remote"), "-o", "out.ipynb");
        Assert.Equal(2, missing.Code);
        Assert.Contains("nope.ipynb", missing.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(repo.File("out.ipynb")));
        var help = Nbtools("mergetool", "--help");
        foreach (var text in new[] { "127.0.0.1", "token", "take local, remote, both", "git status", "Exit codes", "closed without saving" }) Assert.Contains(text, help.Output, StringComparison.Ordinal);
    }

    /// <summary>A repository whose merge of two branches left the notebook conflicted (nbtools' merge driver installed).</summary>
    private void ConflictedRepository(string name)
    {
        TestGit.Init(repo.Path);
        Directory.CreateDirectory(repo.File("my notebooks"));
        File.Copy(Cases.File(name, "base"), repo.File(Notebook));
        TestGit.CommitAll(repo.Path, "base");
        Assert.Equal(0, Nbtools("git", "install").Code);
        TestGit.CommitAll(repo.Path, "attributes");
        TestGit.Run(repo.Path, "checkout", "-q", "-b", "theirs");
        File.Copy(Cases.File(name, "remote"), repo.File(Notebook), overwrite: true);
        TestGit.CommitAll(repo.Path, "remote edit");
        TestGit.Run(repo.Path, "checkout", "-q", "main");
        File.Copy(Cases.File(name, "local"), repo.File(Notebook), overwrite: true);
        TestGit.CommitAll(repo.Path, "local edit");
        Assert.NotEqual(0, TestGit.Result(repo.Path, "merge", "-q", "--no-edit", "theirs").Code);
        Assert.Contains("UU", TestGit.Run(repo.Path, "status", "--porcelain"), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Git_difftool_shows_the_notebook_diff_in_the_page()
    {
        TestGit.Init(repo.Path);
        Directory.CreateDirectory(repo.File("my notebooks"));
        File.Copy(Cases.File("ui-merge_test1", "base"), repo.File(Notebook));
        TestGit.CommitAll(repo.Path, "base");
        Assert.Equal(0, Nbtools("git", "install").Code);
        File.Copy(Cases.File("ui-merge_test1", "local"), repo.File(Notebook), overwrite: true);

        using var git = GitProcess("difftool", "--tool", "nbtools", "--no-prompt", "--", Notebook);
        var url = await AddressAsync(git);
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(url.AbsoluteUri);
        var frame = await (await page.WaitForSelectorAsync("iframe.diff"))!.ContentFrameAsync();
        await frame!.WaitForSelectorAsync("section.cell");
        var local = Notebooks.Read(Cases.File("ui-merge_test1", "local"));
        var changed = local.Cells.Select(c => c.Source).Except(Notebooks.Read(Cases.File("ui-merge_test1", "base")).Cells.Select(c => c.Source)).First();
        Assert.Contains(changed.Split('\n')[0].Trim(), await frame.InnerTextAsync("body"), StringComparison.Ordinal);
        await page.ClickAsync("#close");
        await git.WaitForExitAsync();
        Assert.Equal(0, git.ExitCode);
    }

    private static byte[] Expected(string name, ConflictDecision[] decisions)
    {
        var (b, l, r) = Cases.Read(name);
        var result = NotebookMerge.Merge(b, l, r, new MergeOptions(Decisions: decisions));
        Assert.True(result.IsClean);
        return Notebooks.ToBytes(result.Notebook);
    }

    /// <summary>The page's address, from the first lines the tool prints (git passes its output through).</summary>
    private static async Task<Uri> AddressAsync(Process process)
    {
        var seen = new List<string>();
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            seen.Add(line);
            if (Address().Match(line) is { Success: true } match) return new Uri(match.Value);
        }
        Assert.Fail($"no address printed; output: {string.Join("\n", seen)}; error: {await process.StandardError.ReadToEndAsync()}");
        return null!;
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/[0-9a-f]+/")]
    private static partial Regex Address();

    /// <summary>git as TestGit runs it, but started, not awaited; no browser to open (no $BROWSER, no display).</summary>
    private Process GitProcess(params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = repo.Path, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var variable in new[] { "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "DISPLAY", "WAYLAND_DISPLAY", "BROWSER" }) start.Environment.Remove(variable);
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        foreach (var setting in new[] { "user.name=NbTools tests", "user.email=tests@nbtools.invalid", "mergetool.keepBackup=false" })
        {
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(setting);
        }
        foreach (var a in args) start.ArgumentList.Add(a);
        var process = Process.Start(start)!;
        process.StandardInput.Close();
        return process;
    }

    /// <summary>The built nbtools, started as a process in the repository (so install records how to run it).</summary>
    private Process NbtoolsProcess(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = repo.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "nbtools.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        return Process.Start(start)!;
    }

    /// <summary>The built nbtools run to its end: exit code, output and error.</summary>
    private (int Code, string Output) Nbtools(params string[] args)
    {
        using var process = NbtoolsProcess(args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error);
    }
}
