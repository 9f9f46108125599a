using NbTools.Core;
using NbTools.Core.Model;
using Newtonsoft.Json.Linq;

namespace NbTools.Cli.Tests;

/// <summary>What a reviewer sees: diffs that stay small after an insert, moves and images named, strict options.</summary>
public sealed class ReviewStabilityTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void A_unified_diff_of_a_notebook_with_one_inserted_cell_shows_only_that_cell()
    {
        var before = folder.File("before.ipynb");
        var after = folder.File("after.ipynb");
        File.Copy(Corpus.PathOf("csharp-notebooks__14-Methods and Members.ipynb"), before);
        var notebook = Notebooks.Read(before);
        var inserted = new Cell(CellType.Code, "// a new first cell\nvar x = 1;");
        notebook.Cells.Insert(1, inserted);
        Notebooks.Write(notebook, after);

        var diff = CliRun.InProcess("diff", before, after, "--format", "unified");
        Assert.Equal(1, diff.ExitCode);
        var changed = diff.Out.Split('\n').Where(l => l.Length > 0 && (l[0] == '+' || l[0] == '-') && !l.StartsWith("+++", StringComparison.Ordinal) && !l.StartsWith("---", StringComparison.Ordinal)).ToList();
        // The marker line may pair with either neighbouring marker; what matters is that nothing else changed.
        Assert.Equal(["+# %% [code]", "+// a new first cell", "+var x = 1;"], changed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_terminal_diff_names_a_moved_cell_by_its_first_line_and_a_changed_image_by_both_sizes()
    {
        var before = folder.File("before.ipynb");
        var after = folder.File("after.ipynb");
        var notebook = new Notebook();
        notebook.Cells.Add(new Cell(CellType.Code, "var prices = Load();\nprices.Count"));
        notebook.Cells.Add(new Cell(CellType.Code, "static double Mean(double[] xs) => xs.Average();"));
        var plot = new Cell(CellType.Code, "Plot(prices)");
        plot.Outputs.Add(new Output(new JObject { ["output_type"] = "display_data", ["metadata"] = new JObject(), ["data"] = new JObject { ["image/png"] = Convert.ToBase64String(new byte[300]) } }));
        notebook.Cells.Add(plot);
        notebook.Cells.Add(new Cell(CellType.Markdown, "## The end"));
        Notebooks.Write(notebook, before);
        var moved = notebook.Cells[1];
        notebook.Cells.RemoveAt(1);
        notebook.Cells.Add(moved);
        plot.Outputs[0] = new Output(new JObject { ["output_type"] = "display_data", ["metadata"] = new JObject(), ["data"] = new JObject { ["image/png"] = Convert.ToBase64String(new byte[600]) } });
        Notebooks.Write(notebook, after);

        var diff = CliRun.InProcess("diff", before, after, "--color", "never");
        Assert.Equal(1, diff.ExitCode);
        Assert.Contains("moved to 4 · code · “static double Mean(double[] xs) => xs.Average();”", diff.Out);
        Assert.Contains("image changed (300 bytes → 600 bytes)", diff.Out);
    }

    [Theory]
    [InlineData(new[] { "convert", "x.ipynb", "--forse", "--to", "md" }, "unknown option '--forse' for 'nbtools convert'; did you mean '--force'?")]
    [InlineData(new[] { "convrt", "x.ipynb" }, "unknown command 'convrt' for 'nbtools'; did you mean 'convert'?")]
    [InlineData(new[] { "git", "doctr" }, "unknown command 'doctr' for 'nbtools git'; did you mean 'doctor'?")]
    [InlineData(new[] { "merge", "a", "b", "c", "-o", "m.ipynb", "--output-strategy", "union" }, "'union' not recognized")]
    public void Mistyped_options_and_commands_exit_2_naming_them_and_suggesting_the_right_one(string[] args, string message)
    {
        var run = CliRun.InProcess(args);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error);
        Assert.Equal(2, run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // the error and where to get help
    }

    [Fact]
    public void A_bad_argument_to_a_subcommand_points_to_that_subcommands_help()
    {
        var run = CliRun.InProcess("models", "promote", "coffee-prices", "three", "--alias", "production");
        Assert.Equal(2, run.ExitCode);
        Assert.EndsWith("Run 'nbtools models promote --help' for usage.\n", run.Error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_file_name_that_starts_with_a_dash_is_still_reachable_after_double_dash()
    {
        var dashed = folder.File("-dashed.ipynb");
        File.Copy(Corpus.PathOf("csharp-notebooks__14-Methods and Members.ipynb"), dashed);
        var run = CliRun.InProcess("validate", "--", dashed);
        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public void Help_of_git_shows_no_stray_default_values()
    {
        var help = CliRun.InProcess("git", "--help");
        Assert.DoesNotContain("[marker-size", help.Out);
    }
}
