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
    private const string Attacks = """
        <script>window.__xss = 1</script>
        <img src="x" onerror="window.__xss = 2">
        <a id="js-link" href="javascript:window.__xss = 3">click me</a>
        <svg><script>window.__xss = 4</script></svg>
        <svg onload="window.__xss = 5"></svg>
        <iframe src="javascript:window.parent.__xss = 6"></iframe>
        <div style="background:url(javascript:window.__xss=7)">styled</div>
        """;

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
        var dialogs = 0;
        page.Dialog += async (_, dialog) =>
        {
            dialogs++;
            await dialog.DismissAsync();
        };
        await page.GotoAsync(new Uri(file).AbsoluteUri);
        await page.WaitForLoadStateAsync(LoadState.Load);

        // The page did render the notebooks (so the checks below look at a real page)…
        Assert.Contains("safe words new", await page.InnerTextAsync("body"));
        // …and the probe itself works: a script we run ourselves can set a global.
        await page.EvaluateAsync("() => { window.__probe = 1; }");
        Assert.Equal(1, await page.EvaluateAsync<int>("() => window.__probe"));

        foreach (var link in await page.QuerySelectorAllAsync("a"))
        {
            try
            {
                await link.ClickAsync(new ElementHandleClickOptions { Timeout = 2000 });
            }
            catch (PlaywrightException)
            {
                // A link that is not clickable is fine: it cannot run anything either.
            }
        }
        await page.WaitForTimeoutAsync(300);

        Assert.True(await page.EvaluateAsync<bool>("() => window.__xss === undefined"), "a notebook script ran");
        Assert.Equal(0, dialogs);
        Assert.Equal(0, await page.EvaluateAsync<int>("() => document.querySelectorAll('script, iframe').length"));
        Assert.Equal(0, await page.EvaluateAsync<int>("() => [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length"));
        Assert.Equal(0, await page.EvaluateAsync<int>("() => [...document.querySelectorAll('[href],[src]')].filter(e => /^\\s*javascript:/i.test(e.getAttribute('href') || e.getAttribute('src') || '')).length"));
    }

    private static Notebook Hostile(string side)
    {
        var notebook = new Notebook();
        notebook.Metadata["kernelspec"] = new JObject { ["name"] = "python3", ["display_name"] = "Python 3", ["language"] = "python" };
        notebook.Cells.Add(new Cell(CellType.Markdown, $"# Heading {side}\n\nsafe words {side}\n\n{Attacks}\n\n[a link](javascript:window.__xss=9)"));
        var code = new Cell(CellType.Code, $"print('{side}')\n# <script>window.__xss = 10</script>");
        code.Outputs.Add(new Output(new JObject
        {
            ["output_type"] = "display_data",
            ["metadata"] = new JObject(),
            ["data"] = new JObject
            {
                ["text/html"] = $"<b>{side}</b>" + Attacks,
                ["text/plain"] = "<script>window.__xss = 11</script>",
            },
        }));
        code.Outputs.Add(new Output(new JObject
        {
            ["output_type"] = "display_data",
            ["metadata"] = new JObject(),
            ["data"] = new JObject { ["image/svg+xml"] = $"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"window.__xss = 12\"><script>window.__xss = 13</script><text>{side}</text></svg>" },
        }));
        code.Outputs.Add(new Output(new JObject
        {
            ["output_type"] = "execute_result",
            ["execution_count"] = 1,
            ["metadata"] = new JObject(),
            ["data"] = new JObject { ["text/markdown"] = Attacks, ["text/plain"] = side },
        }));
        code.Outputs.Add(Output.Stream("stderr", "<img src=x onerror=\"window.__xss = 14\">"));
        notebook.Cells.Add(code);
        return notebook;
    }
}
