using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace NbTools.Mergetool;

/// <summary>
/// An HTTP server on 127.0.0.1 only, on a random free port, that answers a request only when its
/// path starts with the session's random token and its Host header names the address it bound (so
/// a page from another site cannot reach it, even through DNS rebinding). Requests are handled one
/// at a time, in order.
/// </summary>
internal sealed class LocalServer : IDisposable
{
    private readonly HttpListener listener;
    private readonly string token;
    private readonly string host;

    private LocalServer(HttpListener listener, int port, string token)
    {
        this.listener = listener;
        this.token = token;
        Port = port;
        host = $"127.0.0.1:{port}";
    }

    /// <summary>The port bound on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The page's address, token included.</summary>
    public Uri Url => new($"http://{host}/{token}/");

    /// <summary>Binds a random free loopback port with a fresh token.</summary>
    public static LocalServer Start()
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            var listener = new HttpListener { IgnoreWriteExceptions = true };
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return new LocalServer(listener, port, token);
            }
            catch (HttpListenerException) when (attempt < 20)
            {
                listener.Close(); // taken meanwhile: another port
            }
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>
    /// Serves requests until <paramref name="handler"/> ends the session or <paramref name="cancel"/>
    /// fires. The handler sees only requests that passed the host and token checks, with the path
    /// after the token.
    /// </summary>
    public async Task RunAsync(Func<ToolRequest, Task<ToolResponse>> handler, Task done, CancellationToken cancel)
    {
        using var registration = cancel.Register(() => listener.Stop());
        while (!done.IsCompleted && !cancel.IsCancellationRequested)
        {
            var next = listener.GetContextAsync();
            if (await Task.WhenAny(next, done).ConfigureAwait(false) != next) break;
            HttpListenerContext context;
            try
            {
                context = await next.ConfigureAwait(false);
            }
            catch (Exception) when (cancel.IsCancellationRequested)
            {
                break;
            }
            catch (HttpListenerException)
            {
                continue;
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            await Answer(context, handler).ConfigureAwait(false);
        }
    }

    private async Task Answer(HttpListenerContext context, Func<ToolRequest, Task<ToolResponse>> handler)
    {
        ToolResponse response;
        var request = context.Request;
        if (!string.Equals(request.Headers["Host"], host, StringComparison.OrdinalIgnoreCase)) response = ToolResponse.Text(403, "refused: this server answers only to " + host);
        else if (PathAfterToken(request.Url?.AbsolutePath ?? "") is not { } path) response = ToolResponse.Text(403, "refused: the address lacks this session's token");
        else if (request.HttpMethod == "POST" && request.Headers["Origin"] is { } origin && origin != "http://" + host) response = ToolResponse.Text(403, "refused: request from another origin");
        else
        {
            string body;
            using (var reader = new StreamReader(request.InputStream, Encoding.UTF8)) body = await reader.ReadToEndAsync().ConfigureAwait(false);
            try
            {
                response = await handler(new ToolRequest(request.HttpMethod, path, request.ContentType, body)).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NbTools.Core.NbToolsException)
            {
                response = ToolResponse.Text(500, ex.Message + "; nothing written"); // the session goes on: the user can fix it and save again
            }
        }
        try
        {
            var output = context.Response;
            output.StatusCode = response.Status;
            output.ContentType = response.ContentType;
            output.Headers["Content-Security-Policy"] = response.ContentSecurityPolicy;
            output.Headers["X-Content-Type-Options"] = "nosniff";
            output.Headers["Referrer-Policy"] = "no-referrer"; // the token is in the address: never pass it on
            output.Headers["Cache-Control"] = "no-store";
            output.ContentLength64 = response.Body.Length;
            await output.OutputStream.WriteAsync(response.Body).ConfigureAwait(false);
            output.Close();
        }
        catch (HttpListenerException)
        {
            // The browser went away: nothing to answer.
        }
    }

    /// <summary>The path after <c>/TOKEN</c>, or null when the token is missing or wrong (compared in constant time).</summary>
    private string? PathAfterToken(string path)
    {
        var rest = path.TrimStart('/');
        var slash = rest.IndexOf('/');
        var given = slash < 0 ? rest : rest[..slash];
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(token))) return null;
        return slash < 0 ? "" : rest[(slash + 1)..];
    }

    /// <summary>Stops listening.</summary>
    public void Dispose() => listener.Close();
}
