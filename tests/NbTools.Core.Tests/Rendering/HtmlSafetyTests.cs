using Microsoft.Playwright;
using NbTools.Core.Model;
using NbTools.Core.Rendering.Html;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Tests.Rendering;

/// <summary>
/// The HTML diff opened in a real headless Chromium (Debian's, driven by Playwright): no script
/// carried by the notebooks – script tags, event handlers, javascript: links, SVG scripts, in
/// markdown and in outputs – ever runs.
/// </summary>
public sealed class HtmlSafetyTests
{
    [SkippableFact]
    public async Task No_script_from_a_notebook_runs_in_the_html_diff()
    {
        var (old, updated) = (Hostile("old"), Hostile("new"));
        var diff = NotebookDiff.Compute(old, updated);
        using var temp = new TempFolder();
        var file = temp.File("diff.html");
        File.WriteAllText(file, HtmlRenderer.Render(diff, old, "old.ipynb", "new.ipynb"));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await HeadlessChromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        var probe = ScriptProbe.Watch(page);
        await page.GotoAsync(new Uri(file).AbsoluteUri);
        await page.WaitForLoadStateAsync(LoadState.Load);

        // The page did render the notebooks (so the checks below look at a real page)…
        Assert.Contains("safe words new", await page.InnerTextAsync("body"));
        await probe.AssertNothingRanAsync(page.MainFrame);
    }

    private static Notebook Hostile(string side) => HostileNotebook.Create(side);
}
