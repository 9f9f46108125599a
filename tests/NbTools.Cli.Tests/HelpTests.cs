

namespace NbTools.Cli.Tests;

public sealed class HelpTests
{
    [Fact]
    public void Help_lists_commands_and_exit_codes()
    {
        var run = CliRun.InProcess("--help");
        Assert.Equal(0, run.ExitCode);
        foreach (var text in new[] { "convert", "validate", "Exit codes:", "0  success", "1  differences", "2  usage or input error", "3  internal error" })
        {
            Assert.Contains(text, run.Out);
        }
    }

    [Fact]
    public void Version_is_printed()
    {
        var run = CliRun.Process("--version");
        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", run.Out);
    }

    [Fact]
    public void No_arguments_shows_usage_and_exits_2()
    {
        var run = CliRun.InProcess();
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Usage:", run.Out);
    }
}
