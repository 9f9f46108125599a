using System.Diagnostics;
using System.Text;
using Newtonsoft.Json.Linq;

namespace NbTools.Cli.Tests;

/// <summary>
/// Findings 5–8 and 11: outputs never replace inputs, symbolic links are written through, nothing
/// from a notebook reaches the terminal raw, the HTML page keeps notebook CSS from covering it, and
/// a dash-named file is a file. Every case starts from a real corpus notebook.
/// </summary>
public sealed class HardeningSafetyTests
{
    private const string Base = "papermill__simple_output.ipynb";

    private static string CopyOf(TempFolder temp, string name = "nb.ipynb")
    {
        var path = temp.File(name);
        File.Copy(Corpus.PathOf(Base), path);
        return path;
    }

    private static string WithFirstSource(TempFolder temp, string name, string source)
    {
        var notebook = JObject.Parse(File.ReadAllText(Corpus.PathOf(Base)));
        notebook["cells"]![0]!["source"] = source;
        var path = temp.File(name);
        File.WriteAllText(path, notebook.ToString());
        return path;
    }

    [Fact]
    public void Convert_to_another_format_over_its_own_input_is_refused_even_with_force()
    {
        using var temp = new TempFolder();
        var nb = CopyOf(temp);
        var before = File.ReadAllBytes(nb);
        foreach (var force in new[] { false, true })
        {
            var run = force ? CliRun.InProcess("convert", nb, "--to", "md", "-o", nb, "--force") : CliRun.InProcess("convert", nb, "--to", "md", "-o", nb);
            Assert.Equal(2, run.ExitCode);
            Assert.Contains("is an input of this conversion", Assert.Single(run.Error.TrimEnd('\n').Split('\n')));
        }
        var link = temp.File("link.md");
        File.CreateSymbolicLink(link, nb);
        Assert.Equal(2, CliRun.InProcess("convert", nb, "--to", "md", "-o", link, "--force").ExitCode);
        Assert.Equal(before, File.ReadAllBytes(nb));
        Assert.Equal(0, CliRun.InProcess("convert", nb, "--to", "ipynb", "-o", nb).ExitCode); // normalising in place stays allowed
        Assert.Equal(before, File.ReadAllBytes(nb));
    }

    [Fact]
    public void Diff_out_onto_a_compared_notebook_is_refused()
    {
        using var temp = new TempFolder();
        var a = CopyOf(temp, "a.ipynb");
        var b = WithFirstSource(temp, "b.ipynb", "changed");
        var before = File.ReadAllBytes(b);
        var run = CliRun.InProcess("diff", a, b, "--format", "json", "--out", b);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--out would replace it", run.Error);
        Assert.Equal(before, File.ReadAllBytes(b));
    }

    [Fact]
    public void Strip_and_sync_write_through_a_symlinked_notebook()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.File("real"));
        var target = Path.Combine(temp.File("real"), "nb.ipynb");
        File.Copy(Corpus.PathOf(Base), target);
        var link = temp.File("nb.ipynb");
        File.CreateSymbolicLink(link, target);

        Assert.Equal(0, CliRun.InProcess("strip", link).ExitCode);
        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.DoesNotContain("\"output_type\"", File.ReadAllText(target));

        Assert.Equal(0, CliRun.InProcess("pair", link, "--with", "py").ExitCode);
        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.Contains("\"formats\": \"ipynb,py:percent\"", File.ReadAllText(target));
        Assert.Empty(Directory.GetFiles(temp.Path, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_dangling_symlink_as_output_is_written_through_or_refused_with_exit_2()
    {
        using var temp = new TempFolder();
        var nb = CopyOf(temp);
        var dangling = temp.File("out.py");
        File.CreateSymbolicLink(dangling, temp.File("made.py"));
        Assert.Equal(0, CliRun.InProcess("convert", nb, "--to", "py", "-o", dangling).ExitCode);
        Assert.NotNull(new FileInfo(dangling).LinkTarget);
        Assert.StartsWith("# ---", File.ReadAllText(temp.File("made.py")));

        var nowhere = temp.File("nowhere.py");
        File.CreateSymbolicLink(nowhere, temp.File("no-such-folder/x.py"));
        var run = CliRun.InProcess("convert", nb, "--to", "py", "-o", nowhere);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"nbtools: error: {nowhere}: cannot write the file", Assert.Single(run.Error.TrimEnd('\n').Split('\n')));
    }

    [Fact]
    public async Task A_fifo_as_output_is_written_into_not_replaced_by_a_regular_file()
    {
        using var temp = new TempFolder();
        var nb = CopyOf(temp);
        var fifo = temp.File("out.py");
        using (var mkfifo = Process.Start("mkfifo", [fifo])!) mkfifo.WaitForExit();
        Assert.Equal("fifo", FileKindOf(fifo));
        var reader = Task.Run(() => File.ReadAllText(fifo)); // the other end of the pipe
        var run = CliRun.InProcess("convert", nb, "--to", "py", "-o", fifo);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("fifo", FileKindOf(fifo)); // checked first: a replaced pipe would leave the reader waiting
        Assert.StartsWith("# ---", await reader);
    }

    private static string FileKindOf(string path)
    {
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%F", path]) { RedirectStandardOutput = true })!;
        var kind = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        return kind;
    }

    public static TheoryData<string> HostileSources() => new()
    {
        "x = 1\u001b[1A\u001b[2K",                 // cursor up, erase line: hides the line above
        "ok\rhidden = 'evil'",                      // carriage return overprints
        "copy \u001b]52;c;aGVsbG8=\u0007",          // OSC 52 writes the clipboard
        "a\u009b31mb",                              // C1 CSI
        "access = \"user\u202e \u2066// admin\u2069\u2066\"", // Trojan Source bidi controls
        "back\bspace\u007f",
    };

    [Theory]
    [MemberData(nameof(HostileSources))]
    public void Diff_never_prints_control_characters_from_a_notebook(string source)
    {
        using var temp = new TempFolder();
        var a = CopyOf(temp, "a.ipynb");
        var b = WithFirstSource(temp, "b.ipynb", source);
        foreach (var args in new[] { new[] { "--color", "never" }, ["--color", "always"], ["--format", "unified"] })
        {
            var run = CliRun.InProcess(["diff", a, b, .. args]);
            Assert.Equal(1, run.ExitCode);
            var output = args[1] == "always" ? System.Text.RegularExpressions.Regex.Replace(run.Out, "\u001b\\[[0-9;]*m", "") : run.Out; // our own colours only
            foreach (var c in output)
            {
                Assert.False(char.IsControl(c) && c is not '\n' and not '\t', $"raw U+{(int)c:X4} in {string.Join(" ", args)} output");
                Assert.False(c is >= '\u202a' and <= '\u202e' or >= '\u2066' and <= '\u2069', $"raw bidi control U+{(int)c:X4}");
            }
            Assert.Contains("+", output);
        }
    }

    [Fact]
    public void A_file_name_with_a_newline_cannot_forge_an_error_line()
    {
        using var temp = new TempFolder();
        var name = temp.File("x\nnbtools: error: forged.ipynb");
        File.WriteAllText(name, "{");
        var run = CliRun.InProcess("convert", name, "--to", "py");
        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.Error.TrimEnd('\n').Split('\n'));
        Assert.Contains("x\\nnbtools: error: forged.ipynb", line);
    }

    [Fact]
    public void Validate_reads_a_dash_named_file_as_a_file()
    {
        using var temp = new TempFolder();
        var dashed = Path.Combine(temp.Path, "-v.ipynb");
        File.Copy(Corpus.PathOf(Base), dashed);
        var previous = Environment.CurrentDirectory;
        var run = CliRun.ProcessAt(temp.Path, "validate", "-v.ipynb");
        Assert.True(run.ExitCode is 0 or 1, run.Error);
        Assert.Contains("-v.ipynb:", run.Out);
        Assert.Equal(previous, Environment.CurrentDirectory);
    }

    [Fact]
    public void A_lone_CR_in_a_source_gives_a_unified_diff_not_a_crash()
    {
        using var temp = new TempFolder();
        var a = CopyOf(temp, "a.ipynb");
        var b = WithFirstSource(temp, "b.ipynb", "a\rb\nc");
        var run = CliRun.InProcess("diff", a, b, "--format", "unified");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("+a\\rb\n", run.Out);
    }

    [Fact]
    public void Html_diff_drops_page_covering_css_remote_images_and_forms()
    {
        using var temp = new TempFolder();
        var a = CopyOf(temp, "a.ipynb");
        var notebook = JObject.Parse(File.ReadAllText(Corpus.PathOf(Base)));
        notebook["cells"]![0]!["cell_type"] = "markdown";
        notebook["cells"]![0]!["source"] = "<div style=\"position: fixed; top: 0; left: 0; width: 100%; z-index: 9; margin-top: -50px; background: url(https://evil.example/x.png); color: red\">The notebooks are the same</div>\n" +
            "<img src=\"https://evil.example/track.png\"><form action=\"https://evil.example\"><button>go</button></form>";
        var b = temp.File("b.ipynb");
        File.WriteAllText(b, notebook.ToString());
        var page = temp.File("diff.html");
        Assert.Equal(1, CliRun.InProcess("diff", a, b, "--format", "html", "--out", page).ExitCode);
        var html = File.ReadAllText(page);
        Assert.Contains("form-action 'none'", html);
        // The rendered Markdown of the new side (its source is shown escaped below it, which may say anything).
        var start = html.LastIndexOf("<div class=\"markdown\">", StringComparison.Ordinal);
        var rendered = html[start..html.IndexOf("<pre class=\"source\">", start, StringComparison.Ordinal)];
        Assert.Contains("The notebooks are the same", rendered);
        Assert.Contains("color:", rendered);
        foreach (var gone in new[] { "position", "z-index", "margin-top", "url(", "evil.example", "<form", "<button" }) Assert.DoesNotContain(gone, rendered);
    }
}
