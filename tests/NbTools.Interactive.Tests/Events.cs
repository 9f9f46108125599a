using Microsoft.DotNet.Interactive.Events;

namespace NbTools.Interactive.Tests;

/// <summary>What a cell's events say: its displays by mime type, and whether it failed.</summary>
internal static class Events
{
    public static IReadOnlyList<string> Displays(this IReadOnlyList<KernelEvent> events, string mimeType) =>
        events.OfType<DisplayEvent>().SelectMany(e => e.FormattedValues).Where(v => v.MimeType == mimeType).Select(v => v.Value).ToList();

    public static string Html(this IReadOnlyList<KernelEvent> events) => Assert.Single(events.Displays("text/html"));

    public static string Text(this IReadOnlyList<KernelEvent> events) => Assert.Single(events.Displays("text/plain"));

    public static void AssertSucceeded(this IReadOnlyList<KernelEvent> events)
    {
        var failed = events.OfType<CommandFailed>().FirstOrDefault();
        Assert.True(failed is null, "the cell failed: " + failed?.Message);
        Assert.IsType<CommandSucceeded>(events[^1]);
    }

    public static CommandFailed AssertFailed(this IReadOnlyList<KernelEvent> events) => Assert.IsType<CommandFailed>(events[^1]);

    public static string Describe(this IReadOnlyList<KernelEvent> events) =>
        string.Join("\n", events.Select(e => e.GetType().Name + ": " + e switch
        {
            CommandFailed f => f.Message,
            DisplayEvent d => string.Join(" | ", d.FormattedValues.Select(v => v.MimeType + "=" + v.Value[..Math.Min(200, v.Value.Length)])),
            _ => "",
        }));
}
