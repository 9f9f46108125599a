namespace NbTools.Cli.Tests;

/// <summary>
/// samples/coffee-prices as committed: the notebook and its paired text are in step, and the library and
/// tests extracted from it (Coffee/) are what nbtools extract makes of the notebook now – the check
/// CI and the pre-commit hook nbtools-extract-check run. The story itself: samples/coffee-prices/walkthrough.sh.
/// </summary>
public sealed class CoffeePricesSampleTests
{
    private static readonly string Sample = Path.Combine(RepositoryRoot.Path, "samples", "coffee-prices");

    [Fact]
    public void The_notebook_and_its_text_twin_are_in_step()
    {
        var check = CliRun.InProcess("sync", "--check", Path.Combine(Sample, "coffee_prices.ipynb"));
        Assert.True(check.ExitCode == 0, check.Out + check.Error);
    }

    [Fact]
    public void The_committed_library_is_what_extract_makes_of_the_notebook()
    {
        var check = CliRun.InProcess("extract", Path.Combine(Sample, "coffee_prices.ipynb"), "--out", Path.Combine(Sample, "Coffee"), "--name", "Coffee", "--tests", "--check");
        Assert.True(check.ExitCode == 0, check.Out + check.Error);
        Assert.Contains("up to date", check.Error);
    }
}
