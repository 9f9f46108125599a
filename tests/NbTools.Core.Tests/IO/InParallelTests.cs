using NbTools.Core.IO;
using NbTools.Core.Tests.Support;

namespace NbTools.Core.Tests.IO;

/// <summary>
/// Reading a diff's or a merge's notebooks in parallel changes nothing but the time: the same
/// notebooks, and on failure the error that reading them one after the other reports (the first
/// failing input in order, even when a later one fails first).
/// </summary>
public sealed class InParallelTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Results_come_back_in_order(bool parallel)
    {
        var results = InParallel.Run(parallel, () => "a", () => { Thread.Sleep(30); return "b"; }, () => "c");
        Assert.Equal(["a", "b", "c"], results);
    }

    [Fact]
    public void The_first_failure_in_order_wins_over_an_earlier_finishing_one()
    {
        using var secondFailed = new ManualResetEventSlim();
        var error = Assert.Throws<NbToolsException>(() => InParallel.Run(true,
            () => "fine",
            () =>
            {
                // Fails only after the third has failed: order of inputs, not of time, decides.
                secondFailed.Wait(TimeSpan.FromSeconds(30));
                throw new NbToolsException("second");
            },
            () =>
            {
                try
                {
                    throw new NbToolsException("third");
                }
                finally
                {
                    secondFailed.Set();
                }
            }));
        Assert.Equal("second", error.Message);
    }

    [Fact]
    public void Large_notebooks_read_in_parallel_are_the_notebooks_read_one_by_one()
    {
        using var temp = new TempFolder();
        var files = new[] { "ipython__Rich Output.ipynb", "papermill__pm_example.ipynb" }
            .Select((name, i) => Grown(temp.File($"{i}.ipynb"), Corpus.Bytes(name)))
            .ToArray();
        Assert.True(InParallel.Large(files), "the fixture must be large enough to take the parallel path");
        var together = Notebooks.ReadAll(files);
        for (var i = 0; i < files.Length; i++)
        {
            var alone = Notebooks.Read(files[i]);
            Assert.Equal(Notebooks.ToBytes(alone), Notebooks.ToBytes(together[i]));
            Assert.Equal(alone.Cells.Count, together[i].Cells.Count);
        }
    }

    [Fact]
    public void Of_two_broken_large_notebooks_the_first_is_named()
    {
        using var temp = new TempFolder();
        var first = Grown(temp.File("first.ipynb"), Corpus.Bytes("ipython__Rich Output.ipynb"));
        var second = Grown(temp.File("second.ipynb"), Corpus.Bytes("ipython__Rich Output.ipynb"));
        File.WriteAllBytes(first, [.. File.ReadAllBytes(first).SkipLast(200)]);
        File.WriteAllText(second, "not json");
        Assert.True(InParallel.Large(first, second));
        var error = Assert.Throws<NotebookFormatException>(() => Notebooks.ReadAll(first, second));
        Assert.Contains("first.ipynb", error.Message);
    }

    private static string Grown(string path, byte[] seed)
    {
        File.WriteAllBytes(path, LargeNotebooks.Grown(seed, InParallel.Worthwhile));
        return path;
    }
}
