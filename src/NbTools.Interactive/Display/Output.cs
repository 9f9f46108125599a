using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace NbTools.Interactive.Display;

/// <summary>Shows one result in a cell as HTML with a plain-text twin (front ends pick what they render).</summary>
internal static class Output
{
    public static void Show(KernelInvocationContext context, KernelCommand command, string html, string text) =>
        context.Publish(new DisplayedValueProduced(text, command, [new FormattedValue("text/html", html), new FormattedValue("text/plain", text)]));
}
