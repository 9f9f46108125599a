

namespace NbTools.Cli.Tests;

public sealed class ValidateCommandTests
{
    [Fact]
    public void Valid_invalid_and_unreadable_give_0_1_2()
    {
        var valid = CliRun.InProcess("validate", Corpus.PathOf("papermill__pm_example.ipynb"));
        Assert.Equal(0, valid.ExitCode);
        Assert.Contains("valid (nbformat 4.4)", valid.Out);

        var invalid = CliRun.InProcess("validate", Corpus.PathOf("papermill__pm_example.ipynb"), Corpus.PathOf("dotnet-interactive__roundtrip-approved-from_VSCode.ipynb"));
        Assert.Equal(1, invalid.ExitCode);
        Assert.Contains("invalid (nbformat 4.5), 1 problem", invalid.Out);
        Assert.Contains("  cells[0]: \"id\" is a required property (line ", invalid.Out);

        using var temp = new TempFolder();
        var broken = temp.File("broken.ipynb");
        File.WriteAllText(broken, "{\"cells\": [");
        var unreadable = CliRun.InProcess("validate", broken, Corpus.PathOf("papermill__pm_example.ipynb"));
        Assert.Equal(2, unreadable.ExitCode);
        Assert.StartsWith($"nbtools: error: {broken}: ", unreadable.Error);
    }
}
