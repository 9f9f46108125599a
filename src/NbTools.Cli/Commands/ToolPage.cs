using System.CommandLine;
using NbTools.Mergetool;

namespace NbTools.Cli.Commands;

/// <summary>What mergetool and difftool share: announce the page, open the browser, wait for the page (or Ctrl+C).</summary>
internal static class ToolPage
{
    public static Option<bool> NoBrowserOption() => new("--no-browser")
    {
        Description = "Only print the page's address; do not open a browser (also when none is available: no $BROWSER and no desktop).",
    };

    public static int Serve(CliConsole console, ToolSession session, string purpose, bool openBrowser)
    {
        using (session)
        {
            console.Out.WriteLine($"nbtools: {purpose} at {session.Url.AbsoluteUri}");
            console.Out.WriteLine("nbtools: Ctrl+C stops without saving");
            console.Out.Flush();
            if (openBrowser && !BrowserOpener.TryOpen(session.Url)) console.Out.WriteLine("nbtools: no browser to open here; open the address above");
            ConsoleCancelEventHandler stop = (_, e) =>
            {
                e.Cancel = true;
                session.Cancel();
            };
            Console.CancelKeyPress += stop;
            try
            {
                return session.Completion.GetAwaiter().GetResult();
            }
            finally
            {
                Console.CancelKeyPress -= stop;
            }
        }
    }
}
