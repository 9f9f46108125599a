using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace NbTools.Interactive.Tests;

/// <summary>
/// The real .NET Interactive kernel as a process (<c>dotnet-interactive stdio</c>): one JSON command
/// per line in, one JSON event per line out. Waits are generous (a restore from a feed can take
/// minutes on a loaded machine) and only guard against a hang; nothing asserts on time. Dispose
/// kills the whole process tree.
/// </summary>
internal sealed class KernelProcess : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);
    private readonly Process process;
    private readonly Channel<JsonObject> events = Channel.CreateUnbounded<JsonObject>();
    private readonly StringBuilder errors = new();
    private readonly List<JsonObject> seen = [];
    private int next;

    public KernelProcess(string executable, string workingFolder)
    {
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingFolder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add("stdio");
        start.Environment["DOTNET_INTERACTIVE_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment.Remove("MLFLOW_TRACKING_URI");
        process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start");
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) lock (errors) errors.AppendLine(e.Data);
        };
        process.BeginErrorReadLine();
        _ = Task.Run(ReadEventsAsync);
    }

    private async Task ReadEventsAsync()
    {
        while (await process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            if (line.StartsWith('{') && JsonNode.Parse(line) is JsonObject envelope) await events.Writer.WriteAsync(envelope).ConfigureAwait(false);
        }
        events.Writer.TryComplete();
    }

    /// <summary>Waits for the kernel to say it is ready.</summary>
    public async Task WaitUntilReadyAsync() => await NextAsync(e => (string?)e["eventType"] == "KernelReady").ConfigureAwait(false);

    /// <summary>Submits code to a kernel and returns every event of that command, ending with CommandSucceeded or CommandFailed.</summary>
    public async Task<IReadOnlyList<JsonObject>> SubmitAsync(string code, string kernel = "csharp")
    {
        var token = $"nbtools-e2e-{++next}";
        var command = new JsonObject
        {
            ["token"] = token,
            ["commandType"] = "SubmitCode",
            ["command"] = new JsonObject { ["code"] = code, ["targetKernelName"] = kernel },
        };
        await process.StandardInput.WriteLineAsync(command.ToJsonString()).ConfigureAwait(false);
        await process.StandardInput.FlushAsync().ConfigureAwait(false);
        var result = new List<JsonObject>();
        while (true)
        {
            var e = await NextAsync(e => TokenOf(e) is { } t && (t == token || t.StartsWith(token + ".", StringComparison.Ordinal))).ConfigureAwait(false);
            result.Add(e);
            if (TokenOf(e) == token && (string?)e["eventType"] is "CommandSucceeded" or "CommandFailed") return result;
        }
    }

    private static string? TokenOf(JsonObject e) => (string?)e["command"]?["token"];

    private async Task<JsonObject> NextAsync(Func<JsonObject, bool> match)
    {
        using var patience = new CancellationTokenSource(Patience);
        try
        {
            while (true)
            {
                var e = await events.Reader.ReadAsync(patience.Token).ConfigureAwait(false);
                seen.Add(e);
                if (match(e)) return e;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            throw new InvalidOperationException($"the kernel did not send the awaited event ({(ex is OperationCanceledException ? $"nothing in {Patience.TotalMinutes} minutes" : "it exited")}); its events:\n{string.Join("\n", seen.TakeLast(20).Select(s => s.ToJsonString()[..Math.Min(400, s.ToJsonString().Length)]))}\nits stderr:\n{Errors}");
        }
    }

    public string Errors
    {
        get
        {
            lock (errors) return errors.ToString();
        }
    }

    public void Dispose()
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit(30_000);
        }
        catch (InvalidOperationException)
        {
        }
        process.Dispose();
    }
}

/// <summary>Reading the kernel's JSON events.</summary>
internal static class KernelEventJson
{
    public static string Type(this JsonObject e) => (string)e["eventType"]!;

    /// <summary>The formatted values of every display event, for a mime type.</summary>
    public static IReadOnlyList<string> Displays(this IReadOnlyList<JsonObject> events, string mimeType) =>
        events.Where(e => e.Type() is "DisplayedValueProduced" or "ReturnValueProduced")
              .SelectMany(e => e["event"]!["formattedValues"]!.AsArray())
              .Where(v => (string?)v!["mimeType"] == mimeType)
              .Select(v => (string)v!["value"]!)
              .ToList();

    public static void AssertSucceeded(this IReadOnlyList<JsonObject> events)
    {
        var last = events[^1];
        Assert.True(last.Type() == "CommandSucceeded", $"the command failed: {last["event"]?["message"]}");
    }
}
