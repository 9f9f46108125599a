using System.Diagnostics;

namespace NbTools.Mergetool;

/// <summary>Opens a page in the user's browser when there is one to open: $BROWSER, else the desktop's opener.</summary>
public static class BrowserOpener
{
    /// <summary>Tries to open <paramref name="url"/>; false when no browser could be started (the caller prints the address).</summary>
    public static bool TryOpen(Uri url)
    {
        var (program, args) = Opener();
        if (program is null) return false;
        try
        {
            var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in args) start.ArgumentList.Add(a);
            start.ArgumentList.Add(url.AbsoluteUri);
            using var process = Process.Start(start);
            return process is not null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static (string? Program, string[] Args) Opener()
    {
        if (Environment.GetEnvironmentVariable("BROWSER") is { Length: > 0 } browser) return (browser, []);
        if (OperatingSystem.IsWindows()) return ("rundll32", ["url.dll,FileProtocolHandler"]);
        if (OperatingSystem.IsMacOS()) return ("open", []);
        var desktop = Environment.GetEnvironmentVariable("DISPLAY") is { Length: > 0 } || Environment.GetEnvironmentVariable("WAYLAND_DISPLAY") is { Length: > 0 };
        return desktop ? ("xdg-open", []) : (null, []);
    }
}
