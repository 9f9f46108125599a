namespace NbTools.Mergetool;

/// <summary>
/// The page tells the server when it goes away (closed tab, or a reload). The session ends with
/// <c>exitCode</c> unless the page comes back within a few seconds – a reload fetches the state again.
/// </summary>
internal sealed class PageLeave(TaskCompletionSource<int> done, int exitCode)
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(3);
    private readonly Lock gate = new();
    private CancellationTokenSource? pending;

    /// <summary>The page left: end the session unless it returns in time.</summary>
    public void Left()
    {
        CancellationToken token;
        lock (gate)
        {
            pending?.Cancel();
            pending = new CancellationTokenSource();
            token = pending.Token;
        }
        _ = Task.Delay(Grace, token).ContinueWith(t =>
        {
            if (!t.IsCanceled) done.TrySetResult(exitCode);
        }, TaskScheduler.Default);
    }

    /// <summary>The page (re)loaded its state: it is still open.</summary>
    public void Returned()
    {
        lock (gate) pending?.Cancel();
    }
}
