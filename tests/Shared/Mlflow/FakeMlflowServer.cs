using System.Collections.Specialized;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

// Shared by the test projects that talk to an MLflow server (linked explicitly).
namespace NbTools.Tests.Support;

/// <summary>
/// An MLflow tracking server stand-in on 127.0.0.1 that answers as the recorded MLflow 2.22 server
/// does (../shared/interop/mlflow/rest-transcript.txt and README §9): the same routes, bodies, error
/// codes and statuses, and the same refusals. Like MLflow's handlers it reads a request's arguments
/// from the query string for GET and from the JSON body for every other method, so a DELETE with
/// query arguments is refused with MLflow's "Missing value for required parameter" exactly as a real
/// server refuses it. It keeps what it was sent, can fail the next requests with a status, and can
/// require credentials as MLflow's basic-auth app does. Test classes that start one share a
/// collection, so they do not run in parallel (.NET's managed HttpListener registers ports process-wide).
/// </summary>
public sealed partial class FakeMlflowServer : IDisposable
{
    // Python's json.dumps leaves quotes and non-ASCII letters alone; System.Text.Json's default escapes them.
    private static readonly System.Text.Json.JsonSerializerOptions PythonLikeJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly HttpListener listener = new();
    private readonly Thread thread;
    private readonly Lock gate = new();
    private readonly Queue<int> failures = new();
    private int nextExperiment = 1;

    public FakeMlflowServer()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{port}";
        listener.Prefixes.Add(Url + "/");
        listener.Start();
        Experiments["0"] = ("0", "Default"); // as every MLflow server has it
        thread = new Thread(Serve) { IsBackground = true };
        thread.Start();
    }

    public string Url { get; }

    /// <summary>The Authorization header every request must carry (null: none needed).</summary>
    public string? RequiredAuthorization { get; set; }

    /// <summary>An Authorization header that is signed in but has no rights: answered 403 as MLflow's basic-auth app does.</summary>
    public string? ForbiddenAuthorization { get; set; }

    public Dictionary<string, (string Id, string Name)> Experiments { get; } = [];

    public Dictionary<string, FakeRun> Runs { get; } = [];

    public Dictionary<string, byte[]> Artifacts { get; } = [];

    /// <summary>Registered models: their versions (source, run) and aliases.</summary>
    public Dictionary<string, (List<(string Source, string? RunId)> Versions, Dictionary<string, int> Aliases)> Models { get; } = [];

    public List<(string Method, string Path, string Body, string? Authorization, string? ContentType)> Requests { get; } = [];
    /// <summary>Registered models' tags (registered-models/set-tag).</summary>
    public Dictionary<string, Dictionary<string, string>> ModelTags { get; } = [];

    /// <summary>When each model and each model version (name, number) was created and last updated, in ms.</summary>
    private readonly Dictionary<string, (long Created, long Updated)> modelTimes = [];
    private readonly Dictionary<(string Name, int Version), long> versionTimes = [];


    /// <summary>The next requests are answered with these statuses (e.g. 503), then normally.</summary>
    public void FailNext(params int[] statuses)
    {
        lock (gate) foreach (var status in statuses) failures.Enqueue(status);
    }

    public sealed class FakeRun
    {
        public required string ExperimentId { get; init; }
        public string? Name { get; set; }
        public string UserId { get; init; } = "";
        public string Status { get; set; } = "RUNNING";
        public long StartTime { get; init; }
        public long? EndTime { get; set; }
        public Dictionary<string, string> Params { get; } = [];
        public List<(string Key, JsonNode Value, long Timestamp, long Step)> Metrics { get; } = [];
        public Dictionary<string, string> Tags { get; } = [];
        public List<JsonObject> Inputs { get; } = [];
    }

    /// <summary>A refusal MLflow answers with a status and a JSON error body.</summary>
    private sealed class MlflowError(int status, string code, string message) : Exception(message)
    {
        public int Status { get; } = status;
        public string Code { get; } = code;
    }

    /// <summary>A request's arguments: the query string for GET, the JSON body otherwise (MLflow's <c>_get_request_message</c>).</summary>
    private sealed class Arguments(NameValueCollection? query, JsonObject? body)
    {
        public JsonObject Body => body ?? [];

        public string? Optional(string name) => query is not null ? query[name] : body?[name] is JsonValue v ? v.ToString() : null;

        public string Required(string name) => Optional(name) is { Length: > 0 } value
            ? value
            : throw new MlflowError(400, "INVALID_PARAMETER_VALUE", $"Missing value for required parameter '{name}'. See the API docs for more information about request parameters.");
    }

    private void Serve()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = listener.GetContext();
            }
            catch (Exception) when (!listener.IsListening)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }
            try
            {
                Handle(context);
            }
            catch (MlflowError e)
            {
                Reply(context, e.Status, new JsonObject { ["error_code"] = e.Code, ["message"] = e.Message }.ToJsonString(PythonLikeJson));
            }
            catch (Exception e)
            {
                Reply(context, 500, new JsonObject { ["error_code"] = "INTERNAL_ERROR", ["message"] = e.Message }.ToJsonString(PythonLikeJson));
            }
        }
    }

    private void Handle(HttpListenerContext context)
    {
        var request = context.Request;
        using var raw = new MemoryStream();
        request.InputStream.CopyTo(raw);
        var body = Encoding.UTF8.GetString(raw.ToArray());
        var path = request.Url!.AbsolutePath;
        var method = request.HttpMethod;
        lock (gate)
        {
            Requests.Add((method, request.Url.PathAndQuery, body, request.Headers["Authorization"], request.ContentType));
            if (failures.TryDequeue(out var failure))
            {
                Reply(context, failure, "<html><body>temporarily unavailable</body></html>", "text/html");
                return;
            }
            if (ForbiddenAuthorization is not null && request.Headers["Authorization"] == ForbiddenAuthorization)
            {
                Reply(context, 403, "Permission denied", "text/plain");
                return;
            }
            if (RequiredAuthorization is not null && request.Headers["Authorization"] != RequiredAuthorization)
            {
                Reply(context, 401, "You are not authenticated. Please see https://www.mlflow.org/docs/latest/auth/index.html#authenticating-to-mlflow on how to authenticate.", "text/plain");
                return;
            }
            const string artifactsPrefix = "/api/2.0/mlflow-artifacts/artifacts/";
            if (path.StartsWith(artifactsPrefix, StringComparison.Ordinal) && method == "PUT")
            {
                Artifacts[Uri.UnescapeDataString(path[artifactsPrefix.Length..])] = raw.ToArray();
                Reply(context, 200, "{}");
                return;
            }
            if (!Routes.TryGetValue(path, out var methods))
            {
                Reply(context, 404, "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>\n", "text/html");
                return;
            }
            if (!methods.TryGetValue(method, out var route))
            {
                Reply(context, 405, "<!doctype html>\n<html lang=en>\n<title>405 Method Not Allowed</title>\n<h1>Method Not Allowed</h1>\n<p>The method is not allowed for the requested URL.</p>\n", "text/html");
                return;
            }
            Arguments arguments;
            if (method == "GET") arguments = new Arguments(request.QueryString, null);
            else
            {
                if (request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) != true && body.Length > 0)
                {
                    Reply(context, 400, "{\"error_code\": \"BAD_REQUEST\", \"message\": \"Bad Request. Content-Type must be application/json\"}");
                    return;
                }
                arguments = new Arguments(null, body.Length > 0 ? JsonNode.Parse(body)!.AsObject() : []);
            }
            Reply(context, 200, route(this, arguments).ToJsonString(PythonLikeJson));
        }
    }

    private static void Reply(HttpListenerContext context, int status, string body, string contentType = "application/json")
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        context.Response.ContentLength64 = bytes.Length;
        context.Response.OutputStream.Write(bytes);
        context.Response.Close();
    }

    private bool disposed;

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        try
        {
            listener.Stop();
            listener.Close();
        }
        catch (HttpListenerException)
        {
            // .NET's managed listener can fail to unregister its port while closing; the port is released with the process.
        }
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FakeServerCollection
{
    public const string Name = "fake MLflow server";
}
