// Shared by the test projects that drive a browser (linked explicitly; needs Microsoft.Playwright).
using Microsoft.Playwright;

namespace NbTools.Tests.Support;

/// <summary>
/// The XSS probe of NbTools' page tests: payloads that each set <c>window.__xss</c> (script tags,
/// event handlers, javascript: links, SVG scripts, frames, CSS urls), and the check that none of
/// them ran – no global set, no dialog, no notebook script element, handler or javascript: URL left
/// in the page – after every link was clicked.
/// </summary>
public sealed class ScriptProbe
{
    /// <summary>Script payloads for markdown, HTML outputs and any text a page shows.</summary>
    public const string Attacks = """
        <script>window.__xss = 1</script>
        <img src="x" onerror="window.__xss = 2">
        <a id="js-link" href="javascript:window.__xss = 3">click me</a>
        <svg><script>window.__xss = 4</script></svg>
        <svg onload="window.__xss = 5"></svg>
        <iframe src="javascript:window.parent.__xss = 6"></iframe>
        <div style="background:url(javascript:window.__xss=7)">styled</div>
        """;

    private int dialogs;

    private ScriptProbe(IPage page) => page.Dialog += async (_, dialog) =>
    {
        dialogs++;
        await dialog.DismissAsync();
    };

    /// <summary>Starts counting the page's dialogs (call before it loads).</summary>
    public static ScriptProbe Watch(IPage page) => new(page);

    /// <summary>
    /// Clicks every link, then asserts nothing ran in <paramref name="frame"/>. <paramref name="ownScripts"/>
    /// is the number of script elements the page itself carries (its own script, allowed by its policy).
    /// </summary>
    public async Task AssertNothingRanAsync(IFrame frame, int ownScripts = 0)
    {
        // The probe itself works: a script we run ourselves can set a global.
        await frame.EvaluateAsync("() => { window.__probe = 1; }");
        Assert.Equal(1, await frame.EvaluateAsync<int>("() => window.__probe"));
        foreach (var link in await frame.QuerySelectorAllAsync("a"))
        {
            try
            {
                await link.ClickAsync(new ElementHandleClickOptions { Timeout = 2000 });
            }
            catch (Exception ex) when (ex is PlaywrightException or TimeoutException)
            {
                // A link that is not clickable is fine: it cannot run anything either.
            }
        }
        await frame.WaitForTimeoutAsync(300);
        // (A sandboxed frame cannot even read its parent's globals: then the parent is checked on its own.)
        Assert.True(await frame.EvaluateAsync<bool>("() => { if (window.__xss !== undefined) return false; try { return window.parent.__xss === undefined; } catch { return true; } }"), "a notebook script ran");
        Assert.Equal(0, dialogs);
        Assert.Equal(ownScripts, await frame.EvaluateAsync<int>("() => document.querySelectorAll('script').length"));
        Assert.Equal(0, await frame.EvaluateAsync<int>("() => [...document.querySelectorAll('iframe')].filter(f => f.getAttribute('sandbox') !== '').length"));
        Assert.Equal(0, await frame.EvaluateAsync<int>("() => [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length"));
        Assert.Equal(0, await frame.EvaluateAsync<int>("() => [...document.querySelectorAll('[href],[src]')].filter(e => /^\\s*javascript:/i.test(e.getAttribute('href') || e.getAttribute('src') || '')).length"));
    }
}
