// Shared by the test projects that drive a browser (linked explicitly; needs Microsoft.Playwright).
using Microsoft.Playwright;

namespace NbTools.Tests.Support;

/// <summary>Debian's Chromium, headless, driven by Playwright (tests/run-all.sh installs it; no browser download).</summary>
public static class HeadlessChromium
{
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = "/usr/bin/chromium",
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
}
