using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

// Shared by the test projects that talk to an MLflow server (linked explicitly).
namespace NbTools.Tests.Support;

/// <summary>
/// An MLflow tracking server stand-in on 127.0.0.1 that answers as the recorded MLflow 2.22 server
/// does (../shared/interop/mlflow/rest-transcript.txt): the same routes, bodies, error codes and
/// statuses. It keeps what it was sent, can fail the next requests with a status, and can require
/// credentials as MLflow's basic-auth app does. Test classes that start one share a collection, so
/// they do not run in parallel (.NET's managed HttpListener registers ports process-wide).
/// </summary>
public sealed class FakeMlflowServer : IDisposable
{
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
        thread = new Thread(Serve) { IsBackground = true };
        thread.Start();
    }

    public string Url { get; }

    /// <summary>The Authorization header every request must carry (null: none needed).</summary>
    public string? RequiredAuthorization { get; set; }

    public Dictionary<string, (string Id, string Name)> Experiments { get; } = [];

    public Dictionary<string, FakeRun> Runs { get; } = [];

    public Dictionary<string, byte[]> Artifacts { get; } = [];

    /// <summary>Registered models: their versions (source, run) and aliases.</summary>
    public Dictionary<string, (List<(string Source, string? RunId)> Versions, Dictionary<string, int> Aliases)> Models { get; } = [];

    public List<(string Method, string Path, string Body, string? Authorization, string? ContentType)> Requests { get; } = [];

    /// <summary>The next requests are answered with these statuses (e.g. 503), then normally.</summary>
    public void FailNext(params int[] statuses)
    {
        lock (gate) foreach (var status in statuses) failures.Enqueue(status);
    }

    public sealed class FakeRun
    {
        public required string ExperimentId { get; init; }
        public string? Name { get; set; }
        public string Status { get; set; } = "RUNNING";
        public long? EndTime { get; set; }
        public Dictionary<string, string> Params { get; } = [];
        public List<(string Key, JsonNode Value, long Timestamp, long Step)> Metrics { get; } = [];
        public Dictionary<string, string> Tags { get; } = [];
        public List<JsonObject> Inputs { get; } = [];
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
            catch (Exception e)
            {
                Reply(context, 500, "{\"error_code\": \"INTERNAL_ERROR\", \"message\": " + JsonValue.Create(e.Message)!.ToJsonString() + "}");
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
        lock (gate)
        {
            Requests.Add((request.HttpMethod, request.Url.PathAndQuery, body, request.Headers["Authorization"], request.ContentType));
            if (failures.TryDequeue(out var failure))
            {
                Reply(context, failure, "<html><body>temporarily unavailable</body></html>", "text/html");
                return;
            }
            if (RequiredAuthorization is not null && request.Headers["Authorization"] != RequiredAuthorization)
            {
                Reply(context, 401, "You are not authenticated. Please see https://www.mlflow.org/docs/latest/auth/index.html#authenticating-to-mlflow on how to authenticate.", "text/plain");
                return;
            }
            if (path.StartsWith("/api/2.0/mlflow-artifacts/artifacts/", StringComparison.Ordinal) && request.HttpMethod == "PUT")
            {
                Artifacts[Uri.UnescapeDataString(path["/api/2.0/mlflow-artifacts/artifacts/".Length..])] = raw.ToArray();
                Reply(context, 200, "{}");
                return;
            }
            if (path == "/api/2.0/mlflow/registered-models/alias" && request.HttpMethod is "GET" or "DELETE")
            {
                var model = request.QueryString["name"]!;
                var alias = request.QueryString["alias"]!;
                if (!Models.TryGetValue(model, out var registered))
                {
                    Reply(context, 404, $"{{\"error_code\": \"RESOURCE_DOES_NOT_EXIST\", \"message\": \"Registered Model with name={model} not found\"}}");
                }
                else if (request.HttpMethod == "DELETE")
                {
                    registered.Aliases.Remove(alias);
                    Reply(context, 200, "{}");
                }
                else if (registered.Aliases.TryGetValue(alias, out var version))
                {
                    Reply(context, 200, new JsonObject { ["model_version"] = Version(model, version, registered.Versions[version - 1]) }.ToJsonString());
                }
                else Reply(context, 400, $"{{\"error_code\": \"INVALID_PARAMETER_VALUE\", \"message\": \"Registered model alias {alias} not found.\"}}");
                return;
            }
            if (request.HttpMethod == "POST" && request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) != true)
            {
                Reply(context, 400, "{\"error_code\": \"BAD_REQUEST\", \"message\": \"Bad Request. Content-Type must be application/json\"}");
                return;
            }
            var json = body.Length > 0 ? JsonNode.Parse(body)!.AsObject() : new JsonObject();
            switch (path)
            {
                case "/api/2.0/mlflow/experiments/get-by-name":
                    var name = request.QueryString["experiment_name"]!;
                    if (Experiments.Values.FirstOrDefault(e => e.Name == name) is { Id: not null } found)
                    {
                        Reply(context, 200, new JsonObject { ["experiment"] = new JsonObject { ["experiment_id"] = found.Id, ["name"] = name, ["artifact_location"] = "mlflow-artifacts:/" + found.Id, ["lifecycle_stage"] = "active" } }.ToJsonString());
                    }
                    else Reply(context, 404, $"{{\"error_code\": \"RESOURCE_DOES_NOT_EXIST\", \"message\": \"Could not find experiment with name '{name}'\"}}");
                    return;
                case "/api/2.0/mlflow/experiments/create":
                    var newName = (string)json["name"]!;
                    if (Experiments.Values.Any(e => e.Name == newName))
                    {
                        Reply(context, 400, $"{{\"error_code\": \"RESOURCE_ALREADY_EXISTS\", \"message\": \"Experiment(name={newName}) already exists.\"}}");
                        return;
                    }
                    var id = (nextExperiment++).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    Experiments[id] = (id, newName);
                    Reply(context, 200, new JsonObject { ["experiment_id"] = id }.ToJsonString());
                    return;
                case "/api/2.0/mlflow/runs/create":
                    var runId = Guid.NewGuid().ToString("N");
                    var run = new FakeRun { ExperimentId = (string)json["experiment_id"]!, Name = (string?)json["run_name"] };
                    foreach (var tag in json["tags"]?.AsArray() ?? []) run.Tags[(string)tag!["key"]!] = (string)tag["value"]!;
                    if (run.Name is not null) run.Tags["mlflow.runName"] = run.Name;
                    Runs[runId] = run;
                    Reply(context, 200, new JsonObject { ["run"] = new JsonObject { ["info"] = Info(runId, run), ["data"] = new JsonObject(), ["inputs"] = new JsonObject() } }.ToJsonString());
                    return;
                case "/api/2.0/mlflow/runs/log-batch":
                    LogBatch(context, json);
                    return;
                case "/api/2.0/mlflow/runs/log-inputs":
                    foreach (var input in json["datasets"]!.AsArray()) Runs[(string)json["run_id"]!].Inputs.Add(input!.AsObject().DeepClone().AsObject());
                    Reply(context, 200, "{}");
                    return;
                case "/api/2.0/mlflow/runs/update":
                    var updated = Runs[(string)json["run_id"]!];
                    updated.Status = (string?)json["status"] ?? updated.Status;
                    updated.EndTime = (long?)json["end_time"];
                    Reply(context, 200, new JsonObject { ["run_info"] = Info((string)json["run_id"]!, updated) }.ToJsonString());
                    return;
                case "/api/2.0/mlflow/registered-models/create":
                    var modelName = (string)json["name"]!;
                    if (Models.ContainsKey(modelName))
                    {
                        Reply(context, 400, $"{{\"error_code\": \"RESOURCE_ALREADY_EXISTS\", \"message\": \"Registered Model (name={modelName}) already exists.\"}}");
                        return;
                    }
                    Models[modelName] = ([], []);
                    Reply(context, 200, new JsonObject { ["registered_model"] = new JsonObject { ["name"] = modelName } }.ToJsonString());
                    return;
                case "/api/2.0/mlflow/model-versions/create":
                    var versions = Models[(string)json["name"]!].Versions;
                    versions.Add(((string)json["source"]!, (string?)json["run_id"]));
                    Reply(context, 200, new JsonObject { ["model_version"] = Version((string)json["name"]!, versions.Count, versions[^1]) }.ToJsonString());
                    return;
                case "/api/2.0/mlflow/registered-models/alias":
                    var target = int.Parse((string)json["version"]!, System.Globalization.CultureInfo.InvariantCulture);
                    Models[(string)json["name"]!].Aliases[(string)json["alias"]!] = target;
                    Reply(context, 200, "{}");
                    return;
                case "/api/2.0/mlflow/runs/get":
                    var got = request.QueryString["run_id"]!;
                    if (!Runs.TryGetValue(got, out var gotRun))
                    {
                        Reply(context, 404, $"{{\"error_code\": \"RESOURCE_DOES_NOT_EXIST\", \"message\": \"Run '{got}' not found\"}}");
                        return;
                    }
                    Reply(context, 200, new JsonObject { ["run"] = Full(got, gotRun) }.ToJsonString());
                    return;
                case "/api/2.0/mlflow/experiments/search":
                    Reply(context, 200, new JsonObject { ["experiments"] = new JsonArray(Experiments.Values.Select(e => (JsonNode)new JsonObject { ["experiment_id"] = e.Id, ["name"] = e.Name, ["artifact_location"] = "mlflow-artifacts:/" + e.Id, ["lifecycle_stage"] = "active" }).ToArray()) }.ToJsonString());
                    return;
                case "/api/2.0/mlflow/runs/search":
                    // One run per page, so that clients must follow next_page_token.
                    var wanted = json["experiment_ids"]!.AsArray().Select(i => (string)i!).ToHashSet();
                    var matching = Runs.Where(r => wanted.Contains(r.Value.ExperimentId)).OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
                    var offset = json["page_token"] is { } pageToken ? int.Parse((string)pageToken!, System.Globalization.CultureInfo.InvariantCulture) : 0;
                    var pageOut = new JsonObject { ["runs"] = new JsonArray(matching.Skip(offset).Take(1).Select(r => (JsonNode)Full(r.Key, r.Value)).ToArray()) };
                    if (offset + 1 < matching.Count) pageOut["next_page_token"] = (offset + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    Reply(context, 200, pageOut.ToJsonString());
                    return;
                case "/api/2.0/mlflow/metrics/get-history":
                    var historyRun = Runs[request.QueryString["run_id"]!];
                    var historyKey = request.QueryString["metric_key"]!;
                    Reply(context, 200, new JsonObject { ["metrics"] = new JsonArray(historyRun.Metrics.Where(m => m.Key == historyKey).Select(m => (JsonNode)Point(m)).ToArray()) }.ToJsonString());
                    return;
                default:
                    Reply(context, 404, "<!doctype html><title>404 Not Found</title><h1>Not Found</h1>", "text/html");
                    return;
            }
        }
    }

    private void LogBatch(HttpListenerContext context, JsonObject json)
    {
        var metrics = json["metrics"]?.AsArray() ?? [];
        var parameters = json["params"]?.AsArray() ?? [];
        var tags = json["tags"]?.AsArray() ?? [];
        if (metrics.Count > 1000 || parameters.Count > 100 || tags.Count > 100)
        {
            Reply(context, 400, "{\"error_code\": \"INVALID_PARAMETER_VALUE\", \"message\": \"A batch logging request can contain at most 1000 metrics, 100 params and 100 tags\"}");
            return;
        }
        var run = Runs[(string)json["run_id"]!];
        foreach (var p in parameters)
        {
            var key = (string)p!["key"]!;
            var value = (string)p["value"]!;
            if (!System.Text.RegularExpressions.Regex.IsMatch(key, @"^[/\w.\- :]*$"))
            {
                Reply(context, 400, $"{{\"error_code\": \"INVALID_PARAMETER_VALUE\", \"message\": \"Invalid value \\\"{key}\\\" for parameter 'key' supplied\"}}");
                return;
            }
            if (run.Params.TryGetValue(key, out var old) && old != value)
            {
                Reply(context, 400, $"{{\"error_code\": \"INVALID_PARAMETER_VALUE\", \"message\": \"Changing param values is not allowed. Param with key='{key}' was already logged with value='{old}' for run ID='{json["run_id"]}'. Attempted logging new value '{value}'.\"}}");
                return;
            }
            run.Params[key] = value;
        }
        foreach (var m in metrics) run.Metrics.Add(((string)m!["key"]!, m["value"]!.DeepClone(), (long)m["timestamp"]!, (long?)m["step"] ?? 0));
        foreach (var t in tags) run.Tags[(string)t!["key"]!] = (string)t["value"]!;
        Reply(context, 200, "{}");
    }

    /// <summary>A run as runs/get and runs/search give it: info, and data with the latest point of each metric.</summary>
    private static JsonObject Full(string runId, FakeRun run) => new()
    {
        ["info"] = Info(runId, run),
        ["data"] = new JsonObject
        {
            ["metrics"] = new JsonArray(run.Metrics.GroupBy(m => m.Key).Select(g => (JsonNode)Point(g.OrderBy(m => m.Step).ThenBy(m => m.Timestamp).Last())).ToArray()),
            ["params"] = new JsonArray(run.Params.Select(p => (JsonNode)new JsonObject { ["key"] = p.Key, ["value"] = p.Value }).ToArray()),
            ["tags"] = new JsonArray(run.Tags.Select(t => (JsonNode)new JsonObject { ["key"] = t.Key, ["value"] = t.Value }).ToArray()),
        },
        ["inputs"] = new JsonObject(),
    };

    private static JsonObject Point((string Key, JsonNode Value, long Timestamp, long Step) m) => new()
    {
        ["key"] = m.Key,
        ["value"] = m.Value.DeepClone(),
        ["timestamp"] = m.Timestamp,
        ["step"] = m.Step,
    };

    private static JsonObject Version(string name, int version, (string Source, string? RunId) data) => new()
    {
        ["name"] = name,
        ["version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["current_stage"] = "None",
        ["description"] = "",
        ["source"] = data.Source,
        ["run_id"] = data.RunId,
        ["status"] = "READY",
    };

    private static JsonObject Info(string runId, FakeRun run) => new()
    {
        ["run_uuid"] = runId,
        ["experiment_id"] = run.ExperimentId,
        ["run_name"] = run.Name,
        ["user_id"] = "",
        ["status"] = run.Status,
        ["start_time"] = 1795759633000,
        ["end_time"] = run.EndTime,
        ["artifact_uri"] = $"mlflow-artifacts:/{run.ExperimentId}/{runId}/artifacts",
        ["lifecycle_stage"] = "active",
        ["run_id"] = runId,
    };

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
