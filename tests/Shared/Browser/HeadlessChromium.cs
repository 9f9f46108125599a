// Shared by the test projects that drive a browser (linked explicitly; needs Microsoft.Playwright and Xunit.SkippableFact).
using Microsoft.Playwright;

namespace NbTools.Tests.Support;

/// <summary>
/// Debian's Chromium (or the browser in CHROMIUM_PATH), headless, driven by Playwright – never a
/// downloaded browser. tests/run-all.sh installs Chromium (as root, with apt). Without one, a browser
/// test is skipped with a message on a contributor's machine, and fails in CI (CI=true), where the
/// browser is part of the contract.
/// </summary>
public static class HeadlessChromium
{
    public static string ExecutablePath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        if (!File.Exists(ExecutablePath))
        {
            var message = $"no Chromium at {ExecutablePath}: install Debian's chromium (tests/run-all.sh does, as root) or set CHROMIUM_PATH to a Chromium or Chrome";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)) throw new InvalidOperationException(message + " (CI=true: browser tests are required)");
            Skip.If(true, message);
        }
        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }
}
