using Microsoft.Playwright;
using NbTools.Tracking.Reports;

namespace NbTools.Tracking.Tests;

/// <summary>Runs compared as text and as an HTML page opened in a real headless Chromium.</summary>
public sealed class RunComparisonTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    private RunComparison Compare()
    {
        var tracker = Tracker.Open(temp.File("mlruns"));
        string Log(string name, double lr, string note) => tracker.Track("cmp", name, run =>
        {
            run.LogParam("lr", lr).LogParam("epochs", 3).LogParam("note", note);
            for (var step = 0; step < 4; step++) run.LogMetric("loss", 1.0 / (step + 1) * lr * 10, step);
            run.LogMetric("accuracy", 0.5 + lr, 0);
            // Values whose axis labels are long: the chart must leave room for them.
            run.LogMetric("drift", -1234567.891, 0).LogMetric("drift", 0.000123456, 1);
            // A store written by someone else can hold names NbTools would refuse: write one directly.
            File.WriteAllText(Path.Combine(tracker.FileStore.Root, run.ExperimentId, run.Id, "metrics", "<img src=x onerror=\"window.__xss=2\">"), "1795759633000 1.0 0\n");
            return run.Id;
        });
        var a = Log("small-lr", 0.01, "<script>window.__xss = 1</script>");
        var b = Log("big-lr", 0.1, "baseline");
        return new RunComparison([tracker.FileStore.GetRun(a), tracker.FileStore.GetRun(b)]);
    }

    [Fact]
    public void Text_marks_the_params_that_differ()
    {
        var text = Compare().ToText();
        var lines = text.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("*  lr ", StringComparison.Ordinal) && l.Contains("0.01", StringComparison.Ordinal) && l.Contains("0.1", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("   epochs ", StringComparison.Ordinal));
        Assert.Contains("metrics (latest)", text);
        Assert.Contains(lines, l => l.Contains("loss", StringComparison.Ordinal) && l.Contains("0.025", StringComparison.Ordinal) && l.Contains("0.25", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task The_html_page_charts_every_metric_highlights_differences_and_runs_no_run_content()
    {
        var file = temp.File("compare.html");
        File.WriteAllText(file, Compare().ToHtml());

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await HeadlessChromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(file).AbsoluteUri);
        await page.WaitForLoadStateAsync(LoadState.Load);

        var body = await page.InnerTextAsync("body");
        Assert.Contains("small-lr", body);
        Assert.Contains("<script>window.__xss = 1</script>", body); // shown as text
        Assert.True(await page.EvaluateAsync<bool>("() => window.__xss === undefined"), "run content ran as script");
        Assert.Equal(0, await page.EvaluateAsync<int>("() => document.querySelectorAll('script, img, iframe').length"));

        // lr and note differ, epochs does not.
        var differing = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('table.params tr.differs td.key')].map(td => td.textContent)");
        Assert.Equal(["lr", "note"], differing);
        // One chart per metric; loss has a line per run, single-point metrics a dot per run.
        Assert.Equal(4, await page.EvaluateAsync<int>("() => document.querySelectorAll('div.chart svg').length"));
        Assert.Equal(2, await page.EvaluateAsync<int>("() => [...document.querySelectorAll('div.chart')].find(d => d.querySelector('h3').textContent === 'loss').querySelectorAll('polyline.series').length"));
        var lossPoints = await page.EvaluateAsync<int>("() => [...document.querySelectorAll('div.chart')].find(d => d.querySelector('h3').textContent === 'loss').querySelector('polyline.series').getAttribute('points').trim().split(' ').length");
        Assert.Equal(4, lossPoints);
        // The chart is drawn: the SVG has a real size on the page.
        Assert.True(await page.EvaluateAsync<double>("() => document.querySelector('div.chart svg').getBoundingClientRect().width") > 100);
        // Every axis label lies wholly inside its chart, long numbers included.
        var cut = await page.EvaluateAsync<string[]>(@"() => [...document.querySelectorAll('div.chart svg')].flatMap(svg => {
            const box = svg.getBoundingClientRect();
            return [...svg.querySelectorAll('text')].filter(t => { const r = t.getBoundingClientRect(); return r.left < box.left || r.right > box.right; }).map(t => t.textContent);
        })");
        Assert.Empty(cut);
        var labels = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('div.chart text')].map(t => t.textContent)");
        Assert.Contains(RunText.Number(-1234567.891), labels);
        Assert.Contains(RunText.Number(0.000123456), labels);
    }
}
