namespace NbTools.Core.IO;

/// <summary>
/// A fault point just before each atomic replace, so tests can interrupt a multi-file write (sync,
/// convert) at every step deterministically. In-process tests install a hook for their own async
/// flow; a process started with <c>NBTOOLS_FAULT_KILL_BEFORE_REPLACE=N</c> kills itself (SIGKILL)
/// just before its N-th replace, leaving its temporary file behind as a real kill would.
/// </summary>
internal static class WriteFaults
{
    private static readonly AsyncLocal<Action<string>?> Hook = new();
    private static readonly int KillAt = int.TryParse(Environment.GetEnvironmentVariable("NBTOOLS_FAULT_KILL_BEFORE_REPLACE"), out var n) ? n : 0;
    private static int replaces;

    /// <summary>Runs <paramref name="hook"/> before every replace in the current async flow until disposed.</summary>
    public static IDisposable Install(Action<string> hook)
    {
        var previous = Hook.Value;
        Hook.Value = hook;
        return new Restore(() => Hook.Value = previous);
    }

    public static void BeforeReplace(string target)
    {
        Hook.Value?.Invoke(target);
        if (KillAt > 0 && Interlocked.Increment(ref replaces) == KillAt)
        {
            System.Diagnostics.Process.GetCurrentProcess().Kill();
            Thread.Sleep(Timeout.Infinite);
        }
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
