using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Directives;
using NbTools.Core;
using NbTools.Interactive.Display;
using NbTools.Interactive.Formatting;
using NbTools.Interactive.Sessions;
using NbTools.Tracking;

namespace NbTools.Interactive.Magics;

/// <summary><c>#!end-run</c>: ends the run <c>#!experiment</c> opened and shows what it logged.</summary>
internal static class EndRunMagic
{
    private static readonly (string, RunStatus)[] Statuses = [("finished", RunStatus.Finished), ("failed", RunStatus.Failed), ("killed", RunStatus.Killed)];

    public static void Add(Kernel kernel, ExperimentSession session)
    {
        var directive = new KernelActionDirective("#!end-run")
        {
            Description = "End the run #!experiment started and show its id, status, params and latest metrics.",
            Parameters = { Magic.Choice("--status", "How the run ended: finished (default), failed or killed.", Statuses) },
        };
        Magic.Add<EndRunCommand>(kernel, directive, (command, context) =>
        {
            var runStatus = Magic.Pick(command.Status, "--status", RunStatus.Finished, Statuses);
            var tracker = session.Tracker;
            var run = session.End(runStatus) ?? throw new NbToolsException("no run is open; start one with #!experiment NAME");
            var summary = StoredRun.Summary(tracker!, run.Id);
            Output.Show(context, command, summary.Html, summary.Text);
            return Task.CompletedTask;
        });
    }
}
