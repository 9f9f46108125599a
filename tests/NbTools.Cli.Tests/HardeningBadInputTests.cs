using System.Text;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;

namespace NbTools.Cli.Tests;

/// <summary>
/// Findings 2–4, 9–11: hostile and broken inputs, each made from a real corpus notebook, give exit 2,
/// one line on stderr naming the file, and write nothing – in every command that reads them.
/// </summary>
public sealed class HardeningBadInputTests
{
    private const string Base = "papermill__simple_output.ipynb";

    /// <summary>Mutations of a real notebook's bytes: (name, file name, bytes, text the error must contain).</summary>
    public static TheoryData<string, string, string> Mutations() => new()
    {
        { "invalid-utf8-in-a-key", "nb.ipynb", "a key holds bytes that are not valid UTF-8" },
        { "invalid-utf8-in-metadata", "nb.ipynb", "cells[0].metadata.papermill.x: a string holds bytes that are not valid UTF-8" },
        { "invalid-utf8-in-an-output", "nb.ipynb", "outputs[0].text[0]: a string holds bytes that are not valid UTF-8" },
        { "lone-surrogate-in-a-source", "nb.ipynb", "cells[0].source[0]: a string holds an escape that is no character" },
        { "lone-surrogate-in-metadata", "nb.ipynb", "cells[0].metadata.papermill.x: a string holds an escape that is no character" },
        { "v3-heading-level-negative", "nb.ipynb", "the heading level -3 is not a Markdown heading level" },
        { "v3-heading-level-huge", "nb.ipynb", "the heading level 100000000 is not a Markdown heading level" },
        { "bad-literal-n0ll", "nb.ipynb", "invalid JSON: 'n0ll…' is an invalid JSON literal" },
        { "integer-beyond-64-bits", "nb.ipynb", "execution_count: expected an integer or null" },
        { "yaml-alias-loop", "nb.py", "has an alias *a inside its own anchor" },
        { "yaml-deep-nesting", "nb.py", "nests deeper than 100 levels" },
        { "yaml-billion-laughs", "nb.py", "holds more than 100,000 values" },
        { "yaml-flow-not-closed", "nb.py", "is not closed" },
        { "raw-format-number", "nb.py", "cells[0].metadata.format: nbformat wants a string" },
        { "kernelspec-number", "nb.py", "metadata.kernelspec: nbformat wants a mapping" },
        { "dib-meta-kernelspec", "nb.dib", "metadata.kernelspec.name: nbformat wants a string" },
    };

    public static byte[] Mutate(string mutation)
    {
        var original = Corpus.Bytes(Base);
        var json = Encoding.UTF8.GetString(original);
        byte[] Replace(string from, string to, byte? raw = null)
        {
            var at = json.IndexOf(from, StringComparison.Ordinal);
            Assert.True(at >= 0, $"{Base} has no {from}");
            var bytes = Encoding.UTF8.GetBytes(json[..at] + to + json[(at + from.Length)..]);
            if (raw is not { } b) return bytes;
            // '\u00a4' marks where the bad byte goes: its two UTF-8 bytes (C2 A4) become that one byte.
            var mark = bytes.AsSpan().IndexOf([(byte)0xC2, (byte)0xA4]);
            return [.. bytes[..mark], b, .. bytes[(mark + 2)..]];
        }
        string PercentText() => Encoding.UTF8.GetString(CliRun.InProcess("convert", Corpus.PathOf(Base), "--to", "py", "-o", "-").StdoutBytes);
        string WithHeaderLines(params string[] lines) => PercentText().Replace("# ---\n", "# ---\n" + string.Concat(lines.Select(l => "# " + l + "\n")), StringComparison.Ordinal);
        return mutation switch
        {
            "invalid-utf8-in-a-key" => Replace("\"cell_type\"", "\"cell_\u00a4type\"", 0xFF),
            "invalid-utf8-in-metadata" => Replace("\"papermill\": {", "\"papermill\": {\"x\": \"a\u00a4\",", 0xFE),
            "invalid-utf8-in-an-output" => Replace("\"Hello\\n\"", "\"Hel\u00a4lo\\n\"", 0xFF),
            "lone-surrogate-in-a-source" => Replace("\"source\": [", "\"source\": [\"\\ud800\", ", null),
            "lone-surrogate-in-metadata" => Replace("\"papermill\": {", "\"papermill\": {\"x\": \"\\udc00x\",", null),
            "v3-heading-level-negative" => V3Heading(-3),
            "v3-heading-level-huge" => V3Heading(100_000_000),
            "bad-literal-n0ll" => Encoding.UTF8.GetBytes(json.Replace("null", "n0ll", StringComparison.Ordinal) + new string(' ', 100) + string.Concat(Enumerable.Repeat("\"tail\"", 20_000))),
            "integer-beyond-64-bits" => Replace("\"execution_count\": 1", "\"execution_count\": 123456789012345678901234567890", null),
            "yaml-alias-loop" => Encoding.UTF8.GetBytes(WithHeaderLines("loop: &a [*a]")),
            "yaml-deep-nesting" => Encoding.UTF8.GetBytes(WithHeaderLines("deep: " + new string('[', 50_000) + new string(']', 50_000))),
            "yaml-billion-laughs" => Encoding.UTF8.GetBytes(WithHeaderLines([.. Enumerable.Range(0, 10).Select(k => k == 0 ? "l0: &a0 [lol,lol,lol,lol,lol,lol,lol,lol,lol]" : $"l{k}: &a{k} [{string.Join(",", Enumerable.Repeat($"*a{k - 1}", 9))}]")])),
            "yaml-flow-not-closed" => Encoding.UTF8.GetBytes(WithHeaderLines("k: {a")),
            "raw-format-number" => Encoding.UTF8.GetBytes(PercentText().Replace("# %% [markdown]", "# %% [raw] format=5\n# raw\n\n# %% [markdown]", StringComparison.Ordinal)),
            "kernelspec-number" => Encoding.UTF8.GetBytes(Regex.Replace(PercentText(), @"#   kernelspec:\n(#     .*\n)+", "#   kernelspec: 5\n")),
            "dib-meta-kernelspec" => Encoding.UTF8.GetBytes("#!meta\n\n{\"kernelInfo\":{\"defaultKernelName\":\"csharp\",\"items\":[{\"name\":\"csharp\"}]},\"kernelspec\":{\"name\":5}}\n\n#!csharp\n\nvar x = 1;\n"),
            _ => throw new ArgumentException(mutation),
        };
    }

    private static byte[] V3Heading(long level)
    {
        var v3 = JObject.Parse(File.ReadAllText(Directory.GetFiles(Corpus.Folder, "*.ipynb").First(f => File.ReadAllText(f).Contains("\"worksheets\"", StringComparison.Ordinal))));
        var cells = (JArray)v3["worksheets"]![0]!["cells"]!;
        cells.Insert(0, new JObject { ["cell_type"] = "heading", ["level"] = level, ["metadata"] = new JObject(), ["source"] = new JArray("Title") });
        return Encoding.UTF8.GetBytes(v3.ToString());
    }

    [Theory]
    [MemberData(nameof(Mutations))]
    public void Hostile_input_exits_2_with_one_line_and_writes_nothing(string mutation, string fileName, string expected)
    {
        using var temp = new TempFolder();
        var input = temp.File(fileName);
        var content = Mutate(mutation);
        File.WriteAllBytes(input, content);
        var existing = temp.File("existing.ipynb");
        File.Copy(Corpus.PathOf(Base), existing);
        var existingBytes = File.ReadAllBytes(existing);
        var fresh = temp.File("fresh.out");
        var target = fileName.EndsWith(".ipynb", StringComparison.Ordinal) ? "py" : "ipynb";

        var runs = new List<(string What, CliRun Run)>
        {
            ("convert", CliRun.InProcess("convert", input, "--to", target, "-o", fresh)),
            ("convert over a file", CliRun.InProcess("convert", input, "--to", "ipynb", "-o", existing, "--force")),
            ("diff", CliRun.InProcess("diff", existing, input)),
            ("diff --out", CliRun.InProcess("diff", existing, input, "--format", "html", "--out", fresh)),
            ("git textconv", CliRun.InProcess("git", "textconv", input)),
        };
        if (fileName.EndsWith(".ipynb", StringComparison.Ordinal))
        {
            runs.Add(("validate", CliRun.InProcess("validate", input)));
            runs.Add(("strip", CliRun.InProcess("strip", existing, input)));
            runs.Add(("merge", CliRun.InProcess("merge", existing, existing, input, "-o", fresh)));
        }
        foreach (var (what, run) in runs)
        {
            if (what == "git textconv" && run.ExitCode == 0) continue; // textconv shows a file it cannot read as it is
            Assert.True(run.ExitCode == 2, $"{what}: exit {run.ExitCode}\n{run.Error}");
            var line = Assert.Single(run.Error.TrimEnd('\n').Split('\n'));
            Assert.StartsWith($"nbtools: error: {input}: ", line);
            Assert.Contains(expected, line);
            Assert.True(line.Length < 400, $"{what}: an error line of {line.Length} characters");
        }
        Assert.False(File.Exists(fresh));
        Assert.Equal(existingBytes, File.ReadAllBytes(existing));
        Assert.Equal(content, File.ReadAllBytes(input));
        Assert.Equal(2, Directory.GetFiles(temp.Path).Length); // no temporary files left
    }
}
