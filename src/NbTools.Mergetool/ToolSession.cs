namespace NbTools.Mergetool;

/// <summary>
/// A running mergetool or difftool page: its address (token included) and the exit code it ends
/// with – 0 when the merge was saved (or the diff closed), 1 when the page was closed without saving.
/// </summary>
public sealed class ToolSession : IDisposable
{
    private readonly LocalServer server;
    private readonly CancellationTokenSource stop = new();

    internal ToolSession(LocalServer server, Func<ToolRequest, Task<ToolResponse>> handler, TaskCompletionSource<int> done)
    {
        this.server = server;
        var serving = Task.Run(() => server.RunAsync(handler, done.Task, stop.Token));
        Completion = Finish(serving, done);
    }

    /// <summary>The page's address: http://127.0.0.1:PORT/TOKEN/.</summary>
    public Uri Url => server.Url;

    /// <summary>The exit code, once the page saved or closed (1 when stopped with <see cref="Cancel"/>).</summary>
    public Task<int> Completion { get; }

    /// <summary>Stops the session without saving (Ctrl+C): the exit code is 1.</summary>
    public void Cancel() => stop.Cancel();

    private async Task<int> Finish(Task serving, TaskCompletionSource<int> done)
    {
        await serving.ConfigureAwait(false);
        server.Dispose();
        return done.Task.IsCompletedSuccessfully ? done.Task.Result : 1;
    }

    /// <summary>Stops serving.</summary>
    public void Dispose()
    {
        stop.Cancel();
        server.Dispose();
        stop.Dispose();
    }
}
