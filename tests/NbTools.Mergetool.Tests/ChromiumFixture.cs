using Microsoft.Playwright;

namespace NbTools.Mergetool.Tests;

/// <summary>One headless Chromium for the page tests of a class (each test gets its own context and page).</summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    private IPlaywright? playwright;
    private IBrowser? browser;
    private string? skipped;

    public async Task InitializeAsync()
    {
        playwright = await Playwright.CreateAsync();
        try
        {
            browser = await HeadlessChromium.LaunchAsync(playwright);
        }
        catch (SkipException ex)
        {
            skipped = ex.Message; // no browser on a contributor's machine: each test says so
        }
    }

    /// <summary>The browser, or the test is skipped with the reason (in CI a missing browser fails instead).</summary>
    public IBrowser Browser
    {
        get
        {
            Skip.If(skipped is not null, skipped);
            return browser!;
        }
    }

    public async Task DisposeAsync()
    {
        if (browser is not null) await browser.DisposeAsync();
        playwright?.Dispose();
    }
}
