using System.Text;
using Microsoft.Playwright;
using NbTools.Tracking;

namespace NbTools.Interactive.Tests;

/// <summary>
/// The extension's HTML outputs, put into a page as a notebook front end does and opened in headless
/// Chromium: hostile names and values from a store or a notebook run no script, not in the page and
/// not in the sandboxed frame, and the frame still shows the content.
/// </summary>
public sealed class BrowserSafetyTests
{
    private const string Hostile = "\"></iframe><script>window.top.__x=1</script><img src=x onerror=\"window.top.__x=2\">";

    private static async Task<(object? Top, string FrameText)> OpenAsync(string html)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await HeadlessChromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        await page.SetContentAsync("<!DOCTYPE html><html><body><div class=\"output\">" + html + "</div></body></html>");
        await page.WaitForLoadStateAsync(LoadState.Load);
        var top = await page.EvaluateAsync<object?>("() => window.__x ?? null");
        var frame = Assert.Single(page.Frames, f => f != page.MainFrame);
        return (top, await frame.InnerTextAsync("body"));
    }

    [SkippableFact]
    public async Task Control_the_probe_sees_the_hostile_text_run_when_it_breaks_out_of_an_unescaped_attribute()
    {
        var (top, _) = await OpenAsync("<iframe sandbox=\"\" srcdoc=\"x" + Hostile + "\"></iframe>");
        Assert.NotNull(top);
    }

    [SkippableFact]
    public async Task A_run_comparison_with_a_hostile_param_runs_no_script()
    {
        using var store = new TempFolder();
        var tracker = Tracker.Open(store.Path);
        string first, second;
        using (var run = tracker.StartRun("x", "a")) { run.LogParam("note", Hostile).LogMetric("m", 1); first = run.Id; }
        using (var run = tracker.StartRun("x", "b")) { run.LogParam("note", "plain").LogMetric("m", 2); second = run.Id; }
        using var kernel = new TestKernel();
        var shown = await kernel.RunAsync($"#!runs --tracking-uri \"{store.Path}\" --compare {first},{second}");
        shown.AssertSucceeded();

        var (top, frameText) = await OpenAsync(shown.Html());
        Assert.Null(top);
        Assert.Contains("Run comparison", frameText);
        Assert.Contains("<script>window.top.__x=1</script>", frameText); // shown as text
    }

    [SkippableFact]
    public async Task A_notebook_diff_with_hostile_cells_runs_no_script()
    {
        using var repo = new TempFolder();
        TestGit.Init(repo.Path);
        var path = repo.File("hostile.ipynb");
        File.WriteAllText(path, Notebook("# Title\n"), new UTF8Encoding(false));
        TestGit.CommitAll(repo.Path, "first");
        File.WriteAllText(path, Notebook("# Title\n" + Hostile), new UTF8Encoding(false));

        using var kernel = new TestKernel();
        var shown = await kernel.RunAsync($"#!nbdiff \"{path}\"");
        shown.AssertSucceeded();
        var (top, frameText) = await OpenAsync(shown.Html());
        Assert.Null(top);
        Assert.Contains("Title", frameText);
    }

    private static string Notebook(string markdown) =>
        "{\n \"cells\": [\n  {\n   \"cell_type\": \"markdown\",\n   \"id\": \"a1\",\n   \"metadata\": {},\n   \"source\": " +
        System.Text.Json.JsonSerializer.Serialize(markdown) +
        "\n  }\n ],\n \"metadata\": {},\n \"nbformat\": 4,\n \"nbformat_minor\": 5\n}\n";
}
