using Microsoft.Playwright;

namespace NbTools.Mergetool.Tests;

/// <summary>Drives the mergetool page in headless Chromium as a user would: one click per conflict, then Save.</summary>
internal sealed class MergePage : IAsyncDisposable
{
    private readonly IBrowserContext context;

    private MergePage(IBrowserContext context, IPage page)
    {
        this.context = context;
        Page = page;
    }

    public IPage Page { get; }

    /// <summary>Opens <paramref name="url"/> in a fresh context; <paramref name="watch"/> is called before the page loads.</summary>
    public static async Task<MergePage> OpenAsync(IBrowser browser, Uri url, Action<IPage>? watch = null)
    {
        var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        watch?.Invoke(page);
        await page.GotoAsync(url.AbsoluteUri);
        await page.WaitForSelectorAsync("#counter[data-unresolved]");
        return new MergePage(context, page);
    }

    /// <summary>The conflicts the page shows, by their index (notebook metadata ones are shown on top): title and offered choices.</summary>
    public async Task<List<(string Kind, List<string> Choices)>> ConflictsAsync()
    {
        var list = new SortedList<int, (string, List<string>)>();
        foreach (var panel in await Page.QuerySelectorAllAsync("section.conflict"))
        {
            var index = int.Parse(await panel.GetAttributeAsync("data-conflict") ?? "-1");
            var title = await (await panel.QuerySelectorAsync("h2"))!.InnerTextAsync();
            var choices = new List<string>();
            foreach (var button in await panel.QuerySelectorAllAsync("button[data-choice]")) choices.Add((await button.GetAttributeAsync("data-choice"))!);
            list.Add(index, (title, choices));
        }
        Assert.Equal(Enumerable.Range(0, list.Count), list.Keys); // each conflict shown once
        return list.Values.ToList();
    }

    public async Task<int> UnresolvedAsync() => int.Parse(await Page.GetAttributeAsync("#counter", "data-unresolved") ?? "-1");

    public Task<bool> SaveEnabledAsync() => Page.IsEnabledAsync("#save");

    public Task ChooseAsync(int conflict, string choice) => Page.ClickAsync($"section.conflict[data-conflict=\"{conflict}\"] button[data-choice=\"{choice}\"]");

    public async Task EditAsync(int conflict, string text)
    {
        var button = Page.Locator($"section.conflict[data-conflict=\"{conflict}\"] button[data-choice=\"edit\"]");
        if (!(await button.GetAttributeAsync("class") ?? "").Contains("chosen", StringComparison.Ordinal)) await button.ClickAsync();
        await Page.FillAsync($"section.conflict[data-conflict=\"{conflict}\"] textarea.edit", text);
    }

    /// <summary>Clicks Save and returns the status line the page shows.</summary>
    public async Task<string> SaveAsync()
    {
        await Page.EvaluateAsync("() => { document.getElementById('message').textContent = ''; }");
        await Page.ClickAsync("#save");
        await Page.WaitForFunctionAsync("() => document.getElementById('message').textContent.length > 0");
        return await Page.InnerTextAsync("#message");
    }

    public async ValueTask DisposeAsync() => await context.DisposeAsync();
}
