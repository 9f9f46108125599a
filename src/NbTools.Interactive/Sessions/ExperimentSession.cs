using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;
using NbTools.Tracking;

namespace NbTools.Interactive.Sessions;

/// <summary>
/// The run a notebook has open (one per root kernel): started by <c>#!experiment</c>, shared with C#
/// as <c>run</c>, ended by <c>#!end-run</c>. Watches the kernel for failed cells while it is open.
/// </summary>
internal sealed class ExperimentSession(Kernel root)
{
    /// <summary>The name C# cells see the open run under.</summary>
    public const string VariableName = "run";

    /// <summary>MLflow's limit for a tag value is 5000 characters; a first line of an error stays far below.</summary>
    private const int MaxErrorLength = 500;

    private readonly object gate = new();
    private readonly HashSet<string> failedCells = [];
    private readonly HashSet<string> magicFailures = [];

    /// <summary>The open run, or null.</summary>
    public Run? Run { get; private set; }

    /// <summary>The tracker the open run (or the last run) logs to.</summary>
    public Tracker? Tracker { get; private set; }

    /// <summary>The tracker of every run the extension started in this process, by run id (to show a <see cref="Tracking.Run"/> with its data).</summary>
    public static System.Collections.Concurrent.ConcurrentDictionary<string, Tracker> TrackerOfRun { get; } = new(StringComparer.Ordinal);

    /// <summary>What a failed cell does to the open run.</summary>
    public CellErrorPolicy Policy { get; private set; }

    /// <summary>Cells that failed while the open run was open.</summary>
    public int FailedCells { get; private set; }

    /// <summary>Starts a run and shares it with every C# kernel as <see cref="VariableName"/>.</summary>
    public async Task<Run> StartAsync(Tracker tracker, string experiment, string? runName, string? source, CellErrorPolicy policy)
    {
        var run = tracker.StartRun(experiment, runName, source);
        lock (gate)
        {
            Run = run;
            Tracker = tracker;
            TrackerOfRun[run.Id] = tracker;
            Policy = policy;
            FailedCells = 0;
            failedCells.Clear();
        }
        var kernels = new List<CSharpKernel>();
        root.VisitSubkernelsAndSelf(k =>
        {
            if (k is CSharpKernel csharp) kernels.Add(csharp);
        });
        foreach (var csharp in kernels) await csharp.SetValueAsync(VariableName, run, typeof(Run)).ConfigureAwait(false);
        return run;
    }

    /// <summary>Ends the open run with <paramref name="status"/>; returns it (null when none was open).</summary>
    public Run? End(RunStatus status)
    {
        lock (gate)
        {
            var run = Run;
            if (run is null) return null;
            run.End(status);
            Run = null;
            return run;
        }
    }

    /// <summary>Remembers that a magic command of this extension failed, so its cell does not count as a failed cell.</summary>
    public void NoteMagicFailure(KernelCommand command)
    {
        lock (gate) magicFailures.Add(RootToken(command));
    }

    /// <summary>Starts watching the root kernel's events for failed cells.</summary>
    public void WatchForFailedCells() => root.RegisterForDisposal(root.KernelEvents.Subscribe(new EventObserver(OnEvent)));

    private void OnEvent(KernelEvent e)
    {
        if (e is not CommandFailed failed || failed.Command is not SubmitCode) return;
        lock (gate)
        {
            var cell = RootToken(failed.Command);
            if (Run is null || Policy == CellErrorPolicy.Ignore || magicFailures.Contains(cell) || !failedCells.Add(cell)) return;
            FailedCells++;
            var firstLine = (failed.Message ?? failed.Exception?.Message ?? "").Split('\n')[0].TrimEnd('\r');
            if (firstLine.Length > MaxErrorLength) firstLine = firstLine[..MaxErrorLength];
            try
            {
                Run.SetTag("nbtools.failed_cells", FailedCells.ToString(System.Globalization.CultureInfo.InvariantCulture));
                Run.SetTag("nbtools.last_error", firstLine);
                if (Policy == CellErrorPolicy.Fail)
                {
                    Run.End(RunStatus.Failed);
                    Run = null;
                }
            }
            catch (Exception ex) when (ex is TrackingException or IOException or UnauthorizedAccessException or HttpRequestException)
            {
                // An event callback must not throw into the kernel; the run's end shows the store's state.
            }
        }
    }

    private static string RootToken(KernelCommand command)
    {
        while (command.Parent is { } parent) command = parent;
        return command.GetOrCreateToken();
    }

    private sealed class EventObserver(Action<KernelEvent> onNext) : IObserver<KernelEvent>
    {
        public void OnCompleted() { }

        public void OnError(Exception error) { }

        public void OnNext(KernelEvent value) => onNext(value);
    }
}
