using Microsoft.Playwright;

namespace NbTools.Mergetool.Tests;

/// <summary>How a session ends: Close or a closed tab exit 1 with nothing written; a reload goes on.</summary>
public sealed class PageLifecycleTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [SkippableFact]
    public async Task Close_without_saving_exits_1_and_writes_nothing()
    {
        using var temp = new TempFolder();
        var merged = temp.File("merged.ipynb");
        using var session = Mergetool.StartMerge(Cases.Request("inline-conflict", merged));
        await using (var page = await MergePage.OpenAsync(chromium.Browser, session.Url))
        {
            await page.ChooseAsync(0, "local");
            await page.Page.ClickAsync("#close");
            Assert.Equal(1, await session.Completion);
        }
        Assert.False(File.Exists(merged));
    }

    [SkippableFact]
    public async Task Closing_the_tab_exits_1_and_writes_nothing_while_a_reload_goes_on()
    {
        using var temp = new TempFolder();
        var merged = temp.File("merged.ipynb");
        using var session = Mergetool.StartMerge(Cases.Request("inline-conflict", merged));
        await using var page = await MergePage.OpenAsync(chromium.Browser, session.Url);
        await page.Page.ReloadAsync();
        await page.Page.WaitForSelectorAsync("#counter[data-unresolved]");
        await Task.WhenAny(session.Completion, Task.Delay(TimeSpan.FromSeconds(6)));
        Assert.False(session.Completion.IsCompleted, "a reload ended the session");

        await page.Page.CloseAsync(new PageCloseOptions { RunBeforeUnload = true });
        Assert.Equal(1, await session.Completion);
        Assert.False(File.Exists(merged));
    }

    [SkippableFact]
    public async Task Save_refuses_an_edit_that_keeps_conflict_markers_and_writes_nothing()
    {
        using var temp = new TempFolder();
        var merged = temp.File("merged.ipynb");
        using var session = Mergetool.StartMerge(Cases.Request("inline-conflict", merged));
        await using var page = await MergePage.OpenAsync(chromium.Browser, session.Url);
        await page.ChooseAsync(0, "edit"); // the text box starts with the marked source
        var message = await page.SaveAsync();
        Assert.Contains("still holds conflict markers", message, StringComparison.Ordinal);
        Assert.False(File.Exists(merged));
        Assert.False(session.Completion.IsCompleted);

        await page.EditAsync(0, "x = 1\ny = 2");
        await page.ChooseAsync(0, "edit"); // (clicking the chosen button again un-chooses it)
        Assert.Equal(1, await page.UnresolvedAsync());
        await page.EditAsync(0, "x = 1\ny = 2");
        Assert.StartsWith("Saved", await page.SaveAsync());
        Assert.Equal(0, await session.Completion);
        Assert.Equal("x = 1\ny = 2", NbTools.Core.Notebooks.Read(merged).Cells[0].Source);
    }
}
