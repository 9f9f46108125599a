using System.Text;
using NbTools.Core.Git;
using NbTools.GitDriver;

namespace NbTools.Cli.Tests;

/// <summary>
/// nbtools-git, the native textconv and merge driver, does exactly what 'nbtools git textconv' and
/// 'nbtools git merge-driver' do: same bytes, same files, same messages, same exit codes; and git,
/// configured by GitSetup to run it, merges and diffs notebooks with it.
/// </summary>
public sealed class GitDriverTests
{
    private static (int Exit, byte[] Out, string Error) Driver(params string[] args)
    {
        var output = new MemoryStream();
        var error = new StringWriter();
        var exit = GitDriverCli.Run(args, output, error);
        return (exit, output.ToArray(), error.ToString());
    }

    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Corpus.Folder, "*.ipynb").Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Textconv_prints_the_same_bytes_as_nbtools(string name)
    {
        var path = Corpus.PathOf(name);
        var expected = CliRun.InProcess("git", "textconv", path);
        var (exit, output, error) = Driver("git", "textconv", path);
        Assert.Equal(expected.ExitCode, exit);
        Assert.Equal(expected.StdoutBytes, output);
        Assert.Equal("", error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a notebook at all\n")]
    [InlineData("{\"cells\": [")]
    public void Textconv_passes_empty_and_unreadable_files_through(string content)
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("x.ipynb"), content);
        var (exit, output, _) = Driver("git", "textconv", temp.File("x.ipynb"));
        Assert.Equal(0, exit);
        Assert.Equal(content, Encoding.UTF8.GetString(output));
    }

    public static TheoryData<string> MergeCases()
    {
        var data = new TheoryData<string>();
        foreach (var folder in Directory.GetDirectories(Path.Combine(Corpus.SharedFolder, "nbdime-cases", "merge")).Order(StringComparer.Ordinal))
        {
            if (File.Exists(Path.Combine(folder, "base.ipynb"))) data.Add(Path.GetFileName(folder));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(MergeCases))]
    public void Merge_driver_writes_the_same_notebook_and_messages_as_nbtools(string name)
    {
        var folder = Path.Combine(Corpus.SharedFolder, "nbdime-cases", "merge", name);
        using var temp = new TempFolder();
        File.Copy(Path.Combine(folder, "local.ipynb"), temp.File("a.ipynb"));
        File.Copy(Path.Combine(folder, "local.ipynb"), temp.File("b.ipynb"));
        string[] rest = [Path.Combine(folder, "remote.ipynb"), "9", "nb.ipynb", "--local-label", "%X", "--remote-label", "feature"];
        var expected = CliRun.InProcess(["git", "merge-driver", Path.Combine(folder, "base.ipynb"), temp.File("a.ipynb"), .. rest]);
        var (exit, _, error) = Driver(["git", "merge-driver", Path.Combine(folder, "base.ipynb"), temp.File("b.ipynb"), .. rest]);
        Assert.Equal(expected.ExitCode, exit);
        Assert.Equal(expected.Error, error);
        Assert.Equal(File.ReadAllBytes(temp.File("a.ipynb")), File.ReadAllBytes(temp.File("b.ipynb")));
    }

    [Theory]
    [InlineData("ours")]
    [InlineData("union")]
    public void Merge_driver_strategies_act_as_in_nbtools(string strategy)
    {
        var folder = Path.Combine(Corpus.SharedFolder, "nbdime-cases", "merge", "mixed-conflicts");
        using var temp = new TempFolder();
        File.Copy(Path.Combine(folder, "local.ipynb"), temp.File("a.ipynb"));
        File.Copy(Path.Combine(folder, "local.ipynb"), temp.File("b.ipynb"));
        var expected = CliRun.InProcess("git", "merge-driver", Path.Combine(folder, "base.ipynb"), temp.File("a.ipynb"), Path.Combine(folder, "remote.ipynb"), "--strategy", strategy, "--output-strategy", "theirs");
        var (exit, _, _) = Driver("git", "merge-driver", Path.Combine(folder, "base.ipynb"), temp.File("b.ipynb"), Path.Combine(folder, "remote.ipynb"), "--strategy=" + strategy, "--output-strategy", "theirs");
        Assert.Equal(0, expected.ExitCode);
        Assert.Equal(0, exit);
        Assert.Equal(File.ReadAllBytes(temp.File("a.ipynb")), File.ReadAllBytes(temp.File("b.ipynb")));
    }

    [Theory]
    [InlineData("--strategy", "mine", "--strategy 'mine' is not one of inline, ours, theirs, base, union")]
    [InlineData("--output-strategy", "union", "--output-strategy 'union' is not one of ours, theirs, base")]
    [InlineData("--colour", "red", "unknown option --colour")]
    public void Bad_options_exit_2_with_one_error_line_and_touch_nothing(string option, string value, string message)
    {
        var folder = Path.Combine(Corpus.SharedFolder, "nbdime-cases", "merge", "mixed-conflicts");
        using var temp = new TempFolder();
        File.Copy(Path.Combine(folder, "local.ipynb"), temp.File("a.ipynb"));
        var (exit, _, error) = Driver("git", "merge-driver", Path.Combine(folder, "base.ipynb"), temp.File("a.ipynb"), Path.Combine(folder, "remote.ipynb"), option, value);
        Assert.Equal(2, exit);
        Assert.StartsWith("nbtools: error: merge-driver: " + message + "\n", error.ReplaceLineEndings("\n"));
        Assert.Equal(File.ReadAllBytes(Path.Combine(folder, "local.ipynb")), File.ReadAllBytes(temp.File("a.ipynb")));
    }

    [Fact]
    public void A_broken_notebook_exits_2_naming_it()
    {
        var folder = Path.Combine(Corpus.SharedFolder, "nbdime-cases", "merge", "mixed-conflicts");
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("remote.ipynb"), "{\"cells\": [");
        File.Copy(Path.Combine(folder, "local.ipynb"), temp.File("a.ipynb"));
        var (exit, _, error) = Driver("git", "merge-driver", Path.Combine(folder, "base.ipynb"), temp.File("a.ipynb"), temp.File("remote.ipynb"));
        Assert.Equal(2, exit);
        Assert.StartsWith("nbtools: error: " + temp.File("remote.ipynb"), error);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Equal(File.ReadAllBytes(Path.Combine(folder, "local.ipynb")), File.ReadAllBytes(temp.File("a.ipynb")));
    }

    [Fact]
    public void Usage_errors_exit_2_and_version_is_nbtools_version()
    {
        Assert.Equal(2, Driver("git", "textconv").Exit);
        Assert.Equal(2, Driver("convert", "x.ipynb").Exit);
        var (exit, output, _) = Driver("--version");
        Assert.Equal(0, exit);
        Assert.Equal(CliRun.Process("--version").Out.Trim(), Encoding.UTF8.GetString(output).Trim());
    }

    [Fact]
    public void Git_merges_and_diffs_notebooks_through_nbtools_git()
    {
        var driver = $"dotnet '{Path.Combine(AppContext.BaseDirectory, "nbtools-git.dll")}'";
        MergeAndDiffInGit("nbtools-git.dll' git merge-driver %O %A %B",
            repo => GitSetup.Install(GitScope.Local, "nbtools", stripOutputs: false, dryRun: false, repo, driverCommand: driver));
    }

    [Fact]
    public void Install_with_a_driver_that_is_no_program_exits_2_and_configures_nothing()
    {
        using var temp = new TempFolder();
        TestGit.Init(temp.Path);
        var missing = CliRun.ProcessAt(temp.Path, "git", "install", "--driver", "no-such-nbtools-git");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("--driver no-such-nbtools-git: no such file", missing.Error);
        File.WriteAllText(temp.File("plain"), "not a program");
        var plain = CliRun.ProcessAt(temp.Path, "git", "install", "--driver", temp.File("plain"));
        Assert.Equal(2, plain.ExitCode);
        Assert.Contains("not executable", plain.Error);
        Assert.Equal(1, TestGit.Result(temp.Path, "config", "--local", "--get", "merge.nbtools.driver").Code);
        Assert.False(File.Exists(temp.File(".gitattributes")));
    }

    /// <summary>
    /// The Native AOT build itself – what git runs once per notebook – published by tests/run-all.sh
    /// into .tools/nbtools with the fast install (or NBTOOLS_GIT_NATIVE): same textconv bytes as nbtools on every corpus
    /// notebook, the same merged notebook, messages and exit code on every nbdime merge case, and git
    /// merges and diffs through it. (Its build leaves Newtonsoft's reflection serializer out: these
    /// runs are what shows no path of its needs it.)
    /// </summary>
    [SkippableFact]
    public void The_published_native_nbtools_git_textconvs_and_merges_as_nbtools()
    {
        var native = NativeDriver();
        foreach (string name in Notebooks())
        {
            var path = Corpus.PathOf(name);
            var (exit, output, error) = RunNative(native, ["git", "textconv", path]);
            var expected = CliRun.InProcess("git", "textconv", path);
            Assert.True(exit == expected.ExitCode, $"{name}: exit {exit}: {error}");
            Assert.True(expected.StdoutBytes.AsSpan().SequenceEqual(output), $"{name}: textconv output differs from nbtools'");
        }
        foreach (string name in MergeCases())
        {
            var folder = Path.Combine(Corpus.SharedFolder, "nbdime-cases", "merge", name);
            using var temp = new TempFolder();
            File.Copy(Path.Combine(folder, "local.ipynb"), temp.File("a.ipynb"));
            File.Copy(Path.Combine(folder, "local.ipynb"), temp.File("b.ipynb"));
            string[] rest = [Path.Combine(folder, "remote.ipynb"), "9", "nb.ipynb"];
            var expected = CliRun.InProcess(["git", "merge-driver", Path.Combine(folder, "base.ipynb"), temp.File("a.ipynb"), .. rest]);
            var (exit, _, error) = RunNative(native, ["git", "merge-driver", Path.Combine(folder, "base.ipynb"), temp.File("b.ipynb"), .. rest]);
            Assert.True(exit == expected.ExitCode, $"{name}: exit {exit}: {error}");
            Assert.Equal(expected.Error, error);
            Assert.True(File.ReadAllBytes(temp.File("a.ipynb")).AsSpan().SequenceEqual(File.ReadAllBytes(temp.File("b.ipynb"))), $"{name}: merged notebook differs from nbtools'");
        }
        // Recorded the way a dotnet tool user records it: nbtools git install --driver PATH.
        MergeAndDiffInGit($"'{native}' git merge-driver %O %A %B", repo =>
        {
            var install = CliRun.ProcessAt(repo, "git", "install", "--driver", native);
            Assert.True(install.ExitCode == 0, install.Error);
            Assert.Equal($"'{native}' git textconv", TestGit.Run(repo, "config", "diff.nbtools.textconv").Trim());
        });
    }

    private static (int Exit, byte[] Out, string Error) RunNative(string native, string[] args)
    {
        var run = CliRun.Executable(native, args);
        return (run.ExitCode, run.StdoutBytes, run.Error);
    }

    private static string NativeDriver() => PublishedBuild.Find("nbtools-git", "NBTOOLS_GIT_NATIVE");

    private static void MergeAndDiffInGit(string recorded, Action<string> install)
    {
        using var temp = new TempFolder();
        var repo = temp.Path;
        TestGit.Init(repo);
        install(repo);
        Assert.Contains(recorded, TestGit.Run(repo, "config", "merge.nbtools.driver"));
        var folder = Path.Combine(Corpus.SharedFolder, "nbdime-cases", "merge", "multilevel-test");
        File.Copy(Path.Combine(folder, "base.ipynb"), Path.Combine(repo, "nb.ipynb"));
        TestGit.CommitAll(repo, "base");
        TestGit.Run(repo, "checkout", "-q", "-b", "feature");
        File.Copy(Path.Combine(folder, "remote.ipynb"), Path.Combine(repo, "nb.ipynb"), overwrite: true);
        TestGit.CommitAll(repo, "remote");
        TestGit.Run(repo, "checkout", "-q", "main");
        File.Copy(Path.Combine(folder, "local.ipynb"), Path.Combine(repo, "nb.ipynb"), overwrite: true);
        TestGit.CommitAll(repo, "local");
        var merge = TestGit.Result(repo, "merge", "-q", "--no-edit", "feature");
        Assert.True(merge.Code == 0, merge.Error);
        Assert.Equal(File.ReadAllBytes(Path.Combine(folder, "upstream-expected-merged.ipynb")), File.ReadAllBytes(Path.Combine(repo, "nb.ipynb")));
        var diff = TestGit.Run(repo, "diff", "HEAD~1", "--", "nb.ipynb");
        Assert.Contains("# %%", diff);
        Assert.DoesNotContain("\"cell_type\"", diff);
    }
}
