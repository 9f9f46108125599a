using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Polly;
using Polly.Retry;

namespace NbTools.Tracking.Rest;

/// <summary>
/// An MLflow tracking server through its REST API 2.0: experiments get-by-name/create, runs
/// create/update, log-batch split at MLflow's limits (1000 metrics, 100 params, 100 tags per call),
/// artifacts uploaded through the server's mlflow-artifacts proxy. Requests that fail with 408, 429
/// or 5xx (or do not connect) are retried with exponential backoff; metric points are buffered and
/// stay buffered until the server took them, so a short outage loses nothing.
/// </summary>
public sealed class MlflowRestStore : ITrackingStore, IModelRegistry, IRunReader, IDisposable
{
    private const int MaxParamsPerBatch = 100;
    private const int MaxTagsPerBatch = 100;
    private readonly Uri server;
    private readonly HttpClient client;
    private readonly ResiliencePipeline<HttpResponseMessage> pipeline;
    private readonly MlflowRestOptions options;
    private readonly Dictionary<string, List<JsonObject>> pendingMetrics = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> artifactUris = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    /// <summary>A client of the server at <paramref name="server"/> (its root, e.g. http://mlflow:5000).</summary>
    public MlflowRestStore(Uri server, MlflowRestOptions? options = null, HttpMessageHandler? handler = null)
    {
        this.server = new Uri(server.AbsoluteUri.TrimEnd('/') + "/");
        this.options = options ?? new MlflowRestOptions();
        client = handler is null ? new HttpClient() : new HttpClient(handler);
        client.Timeout = this.options.Timeout;
        if (this.options.Username is not null && this.options.Password is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{this.options.Username}:{this.options.Password}")));
        }
        else if (this.options.Token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", this.options.Token);
        }
        pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TaskCanceledException>()
                    .HandleResult(response => IsTransient(response.StatusCode)),
                MaxRetryAttempts = Math.Max(0, this.options.MaxRetries),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = this.options.BackoffDelay,
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result?.Headers.RetryAfter?.Delta),
            })
            .Build();
    }

    /// <inheritdoc/>
    public string Location => server.AbsoluteUri.TrimEnd('/');

    /// <inheritdoc/>
    public string GetOrCreateExperiment(string name)
    {
        MlflowRules.CheckExperimentName(name);
        var (found, status) = Send(HttpMethod.Get, "api/2.0/mlflow/experiments/get-by-name?experiment_name=" + Uri.EscapeDataString(name), null, allowNotFound: true);
        if (status != HttpStatusCode.NotFound) return (string)found!["experiment"]!["experiment_id"]!;
        var (created, createStatus) = Send(HttpMethod.Post, "api/2.0/mlflow/experiments/create", new JsonObject { ["name"] = name }, allowAlreadyExists: true);
        if (createStatus == HttpStatusCode.OK) return (string)created!["experiment_id"]!;
        // Another client created it between our two calls.
        var (again, _) = Send(HttpMethod.Get, "api/2.0/mlflow/experiments/get-by-name?experiment_name=" + Uri.EscapeDataString(name), null);
        return (string)again!["experiment"]!["experiment_id"]!;
    }

    /// <inheritdoc/>
    public string CreateRun(string experimentId, string? runName, string userId, long startTime, IReadOnlyDictionary<string, string> tags)
    {
        foreach (var key in tags.Keys) MlflowRules.CheckKey("tag", key);
        var body = new JsonObject
        {
            ["experiment_id"] = experimentId,
            ["start_time"] = startTime,
            ["tags"] = new JsonArray(tags.Select(t => (JsonNode)Pair(t.Key, MlflowRules.Truncate(t.Value, MlflowRules.MaxTagValueLength))).ToArray()),
        };
        if (runName is not null) body["run_name"] = runName;
        var (response, _) = Send(HttpMethod.Post, "api/2.0/mlflow/runs/create", body);
        var info = response!["run"]!["info"]!;
        var runId = (string?)info["run_id"] ?? (string)info["run_uuid"]!;
        lock (gate) artifactUris[runId] = (string?)info["artifact_uri"] ?? "";
        return runId;
    }

    /// <inheritdoc/>
    public void LogParams(string runId, IReadOnlyList<KeyValuePair<string, string>> values) =>
        SendPairs(runId, "params", "param", values, MaxParamsPerBatch, MlflowRules.MaxParamValueLength);

    /// <summary>Sets several tags (one request per 100).</summary>
    public void SetTags(string runId, IReadOnlyList<KeyValuePair<string, string>> tags) =>
        SendPairs(runId, "tags", "tag", tags, MaxTagsPerBatch, MlflowRules.MaxTagValueLength);

    /// <summary>Key/value pairs through runs/log-batch: every key checked first, then at most <paramref name="perBatch"/> per request, values truncated as MLflow does.</summary>
    private void SendPairs(string runId, string field, string kind, IReadOnlyList<KeyValuePair<string, string>> pairs, int perBatch, int maxValueLength)
    {
        foreach (var (key, _) in pairs) MlflowRules.CheckKey(kind, key);
        foreach (var chunk in pairs.Chunk(perBatch))
        {
            var list = new JsonArray(chunk.Select(p => (JsonNode)Pair(p.Key, MlflowRules.Truncate(p.Value, maxValueLength))).ToArray());
            Send(HttpMethod.Post, "api/2.0/mlflow/runs/log-batch", new JsonObject { ["run_id"] = runId, [field] = list });
        }
    }

    /// <inheritdoc/>
    public void SetTag(string runId, string key, string value) => SetTags(runId, [new(key, value)]);

    /// <inheritdoc/>
    public void LogMetric(string runId, string key, double value, long timestamp, long step)
    {
        MlflowRules.CheckKey("metric", key);
        var point = new JsonObject
        {
            ["key"] = key,
            ["value"] = double.IsNaN(value) ? "NaN" : double.IsPositiveInfinity(value) ? "Infinity" : double.IsNegativeInfinity(value) ? "-Infinity" : JsonValue.Create(value),
            ["timestamp"] = timestamp,
            ["step"] = step,
        };
        bool full;
        lock (gate)
        {
            if (!pendingMetrics.TryGetValue(runId, out var list)) pendingMetrics[runId] = list = [];
            list.Add(point);
            full = list.Count >= options.MetricBatchSize;
        }
        if (full) FlushRun(runId);
    }

    /// <inheritdoc/>
    public void Flush()
    {
        List<string> runs;
        lock (gate) runs = [.. pendingMetrics.Keys];
        foreach (var runId in runs) FlushRun(runId);
    }

    /// <summary>Sends a run's buffered points, at most a batch per request; points leave the buffer only once the server took them.</summary>
    private void FlushRun(string runId)
    {
        while (true)
        {
            JsonObject[] batch;
            lock (gate)
            {
                if (!pendingMetrics.TryGetValue(runId, out var list) || list.Count == 0) return;
                batch = [.. list.Take(Math.Min(options.MetricBatchSize, 1000))];
            }
            var metrics = new JsonArray(batch.Select(m => (JsonNode)m.DeepClone()).ToArray());
            Send(HttpMethod.Post, "api/2.0/mlflow/runs/log-batch", new JsonObject { ["run_id"] = runId, ["metrics"] = metrics });
            lock (gate) pendingMetrics[runId].RemoveRange(0, batch.Length);
        }
    }

    /// <inheritdoc/>
    public void LogArtifact(string runId, string localFile, string artifactPath)
    {
        MlflowRules.CheckKey("artifact path", artifactPath);
        var root = ArtifactUri(runId);
        const string proxied = "mlflow-artifacts:";
        if (!root.StartsWith(proxied, StringComparison.Ordinal))
        {
            throw new TrackingException($"{Location}: run {runId} stores artifacts at {root}, which this client cannot write; start the server with --serve-artifacts (MLflow's default)");
        }
        var relative = root[proxied.Length..].TrimStart('/').TrimEnd('/') + "/" + artifactPath;
        var path = "api/2.0/mlflow-artifacts/artifacts/" + string.Join('/', relative.Split('/').Select(Uri.EscapeDataString));
        var bytes = File.ReadAllBytes(localFile);
        Send(HttpMethod.Put, path, null, content: bytes);
    }

    /// <inheritdoc/>
    public void EndRun(string runId, RunStatus status, long endTime)
    {
        FlushRun(runId);
        Send(HttpMethod.Post, "api/2.0/mlflow/runs/update", new JsonObject
        {
            ["run_id"] = runId,
            ["status"] = status.ToString().ToUpperInvariant(),
            ["end_time"] = endTime,
        });
        lock (gate) pendingMetrics.Remove(runId);
    }

    /// <inheritdoc/>
    public void LogDatasetInput(string runId, string name, string digest, string sourceType, string source, string context)
    {
        if (digest.Length > 36) throw new TrackingException($"dataset '{name}': digest '{digest}' is longer than MLflow's 36 characters");
        var input = new JsonObject
        {
            ["tags"] = new JsonArray(Pair("mlflow.data.context", context)),
            ["dataset"] = new JsonObject { ["name"] = name, ["digest"] = digest, ["source_type"] = sourceType, ["source"] = source },
        };
        Send(HttpMethod.Post, "api/2.0/mlflow/runs/log-inputs", new JsonObject { ["run_id"] = runId, ["datasets"] = new JsonArray(input) });
    }

    /// <inheritdoc/>
    public ModelVersionInfo CreateModelVersion(string name, string source, string? runId)
    {
        RegistryRules.CheckModelName(name);
        Send(HttpMethod.Post, "api/2.0/mlflow/registered-models/create", new JsonObject { ["name"] = name }, allowAlreadyExists: true);
        var body = new JsonObject { ["name"] = name, ["source"] = source };
        if (runId is not null) body["run_id"] = runId;
        var (created, _) = Send(HttpMethod.Post, "api/2.0/mlflow/model-versions/create", body);
        var version = created!["model_version"]!;
        return new ModelVersionInfo(name, int.Parse((string)version["version"]!, System.Globalization.CultureInfo.InvariantCulture), (string?)version["source"] ?? source, (string?)version["run_id"] ?? runId);
    }

    /// <inheritdoc/>
    public void SetAlias(string name, string alias, int version)
    {
        RegistryRules.CheckAlias(alias);
        Send(HttpMethod.Post, "api/2.0/mlflow/registered-models/alias", new JsonObject { ["name"] = name, ["alias"] = alias, ["version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture) });
    }

    /// <inheritdoc/>
    public ModelVersionInfo? GetByAlias(string name, string alias)
    {
        RegistryRules.CheckAlias(alias);
        var (found, status) = Send(HttpMethod.Get, $"api/2.0/mlflow/registered-models/alias?name={Uri.EscapeDataString(name)}&alias={Uri.EscapeDataString(alias)}", null, allowNotFound: true, allowInvalid: true);
        if (found?["model_version"] is not JsonObject version) return null;
        return new ModelVersionInfo(name, int.Parse((string)version["version"]!, System.Globalization.CultureInfo.InvariantCulture), (string?)version["source"] ?? "", (string?)version["run_id"]);
    }

    /// <inheritdoc/>
    public void DeleteAlias(string name, string alias)
    {
        RegistryRules.CheckAlias(alias);
        Send(HttpMethod.Delete, $"api/2.0/mlflow/registered-models/alias?name={Uri.EscapeDataString(name)}&alias={Uri.EscapeDataString(alias)}", null);
    }

    /// <summary>The run's artifact URI as the server gave it (mlflow-artifacts:/…).</summary>
    public string ArtifactUri(string runId)
    {
        lock (gate)
        {
            if (artifactUris.TryGetValue(runId, out var known) && known.Length > 0) return known;
        }
        var (run, _) = Send(HttpMethod.Get, "api/2.0/mlflow/runs/get?run_id=" + Uri.EscapeDataString(runId), null);
        var uri = (string?)run!["run"]!["info"]!["artifact_uri"] ?? "";
        lock (gate) artifactUris[runId] = uri;
        return uri;
    }

    // --- Reading runs back ------------------------------------------------------------------

    /// <inheritdoc/>
    public IReadOnlyList<FileStore.ExperimentInfo> Experiments()
    {
        var list = new List<FileStore.ExperimentInfo>();
        foreach (var page in Pages("api/2.0/mlflow/experiments/search", new JsonObject { ["max_results"] = 1000 }))
        {
            foreach (var e in page["experiments"]?.AsArray() ?? [])
            {
                list.Add(new FileStore.ExperimentInfo((string)e!["experiment_id"]!, (string?)e["name"] ?? "", (string?)e["artifact_location"] ?? "", (string?)e["lifecycle_stage"] ?? "active", (long?)e["creation_time"]));
            }
        }
        return list;
    }

    /// <inheritdoc/>
    public IReadOnlyList<FileStore.RunRecord> Runs(string? experimentName = null)
    {
        var experiments = Experiments().Where(e => experimentName is null || e.Name == experimentName).ToList();
        if (experimentName is not null && experiments.Count == 0) throw new TrackingException($"{Location}: no experiment named '{experimentName}'");
        if (experiments.Count == 0) return [];
        var ids = new JsonArray(experiments.Select(e => (JsonNode)e.Id).ToArray());
        var runs = new List<FileStore.RunRecord>();
        foreach (var page in Pages("api/2.0/mlflow/runs/search", new JsonObject { ["experiment_ids"] = ids, ["max_results"] = 1000 }))
        {
            foreach (var run in page["runs"]?.AsArray() ?? []) runs.Add(Record(run!, null));
        }
        return runs.OrderByDescending(r => r.StartTime).ThenBy(r => r.RunId, StringComparer.Ordinal).ToList();
    }

    /// <inheritdoc/>
    public FileStore.RunRecord GetRun(string runId)
    {
        var (found, _) = Send(HttpMethod.Get, "api/2.0/mlflow/runs/get?run_id=" + Uri.EscapeDataString(runId), null);
        var run = found!["run"]!;
        var histories = new Dictionary<string, IReadOnlyList<FileStore.MetricPoint>>(StringComparer.Ordinal);
        foreach (var key in (run["data"]?["metrics"]?.AsArray() ?? []).Select(m => (string)m!["key"]!).Distinct())
        {
            var points = new List<FileStore.MetricPoint>();
            string? token = null;
            do
            {
                var path = $"api/2.0/mlflow/metrics/get-history?run_id={Uri.EscapeDataString(runId)}&metric_key={Uri.EscapeDataString(key)}&max_results=25000" + (token is null ? "" : "&page_token=" + Uri.EscapeDataString(token));
                var (history, _) = Send(HttpMethod.Get, path, null);
                points.AddRange((history?["metrics"]?.AsArray() ?? []).Select(m => Point(m!)));
                token = (string?)history?["next_page_token"];
            }
            while (!string.IsNullOrEmpty(token));
            histories[key] = points;
        }
        return Record(run, histories);
    }

    private IEnumerable<JsonNode> Pages(string path, JsonObject body)
    {
        string? token = null;
        do
        {
            var request = (JsonObject)body.DeepClone();
            if (token is not null) request["page_token"] = token;
            var (page, _) = Send(HttpMethod.Post, path, request);
            if (page is null) yield break;
            yield return page;
            token = (string?)page["next_page_token"];
        }
        while (!string.IsNullOrEmpty(token));
    }

    private static FileStore.MetricPoint Point(JsonNode m)
    {
        var value = m["value"] is JsonValue v && v.TryGetValue<string>(out var text)
            ? text switch { "NaN" => double.NaN, "Infinity" => double.PositiveInfinity, "-Infinity" => double.NegativeInfinity, _ => double.Parse(text, System.Globalization.CultureInfo.InvariantCulture) }
            : (double)m["value"]!;
        return new FileStore.MetricPoint((long?)m["timestamp"] ?? 0, value, (long?)m["step"] ?? 0);
    }

    private static FileStore.RunRecord Record(JsonNode run, IReadOnlyDictionary<string, IReadOnlyList<FileStore.MetricPoint>>? histories)
    {
        var info = run["info"]!;
        var data = run["data"];
        Dictionary<string, string> Pairs(string name) => (data?[name]?.AsArray() ?? []).ToDictionary(p => (string)p!["key"]!, p => (string?)p!["value"] ?? "", StringComparer.Ordinal);
        var metrics = histories ?? (data?["metrics"]?.AsArray() ?? []).GroupBy(m => (string)m!["key"]!)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<FileStore.MetricPoint>)g.Select(m => Point(m!)).ToList(), StringComparer.Ordinal);
        var status = Enum.TryParse<RunStatus>((string?)info["status"], ignoreCase: true, out var parsed) ? parsed : RunStatus.Running;
        return new FileStore.RunRecord(
            (string?)info["run_id"] ?? (string)info["run_uuid"]!, (string?)info["experiment_id"] ?? "", (string?)info["run_name"] is { Length: > 0 } name ? name : null,
            status, (long?)info["start_time"] ?? 0, (long?)info["end_time"], (string?)info["user_id"] ?? "", (string?)info["artifact_uri"] ?? "",
            Pairs("params"), new SortedDictionary<string, IReadOnlyList<FileStore.MetricPoint>>(metrics.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal), Pairs("tags"));
    }

    /// <inheritdoc/>
    public void Dispose() => client.Dispose();

    private static bool IsTransient(HttpStatusCode code) => code is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError
        or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    private static JsonObject Pair(string key, string value) => new() { ["key"] = key, ["value"] = value };

    private (JsonNode? Body, HttpStatusCode Status) Send(HttpMethod method, string path, JsonObject? body, bool allowNotFound = false, bool allowAlreadyExists = false, byte[]? content = null, bool allowInvalid = false)
    {
        var url = new Uri(server, path);
        var json = body?.ToJsonString();
        HttpResponseMessage response;
        try
        {
            response = pipeline.Execute(() =>
            {
                using var request = new HttpRequestMessage(method, url);
                if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
                else if (content is not null) request.Content = new ByteArrayContent(content);
                return client.Send(request);
            });
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            throw new TrackingException($"{Location}: {method} {path.Split('?')[0]} failed after {options.MaxRetries} retries: {e.Message}");
        }
        using (response)
        {
            var text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
            if (response.IsSuccessStatusCode) return (text.Length == 0 ? null : JsonNode.Parse(text), response.StatusCode);
            var (code, message) = ErrorOf(text);
            if (allowNotFound && response.StatusCode == HttpStatusCode.NotFound && code == "RESOURCE_DOES_NOT_EXIST") return (null, response.StatusCode);
            if (allowAlreadyExists && code == "RESOURCE_ALREADY_EXISTS") return (null, response.StatusCode);
            if (allowInvalid && code == "INVALID_PARAMETER_VALUE") return (null, response.StatusCode); // MLflow answers an unknown alias so
            var hint = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                ? " (set MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD, or MLFLOW_TRACKING_TOKEN)"
                : "";
            throw new TrackingException($"{Location}: {method} {path.Split('?')[0]}: {(int)response.StatusCode} {code ?? response.ReasonPhrase}: {FirstLine(message ?? text)}{hint}");
        }
    }

    private static (string? Code, string? Message) ErrorOf(string text)
    {
        try
        {
            if (JsonNode.Parse(text) is JsonObject error) return ((string?)error["error_code"], (string?)error["message"]);
        }
        catch (System.Text.Json.JsonException)
        {
            // not JSON: an HTML page or plain text (the auth plugin answers in text)
        }
        return (null, null);
    }

    private static string FirstLine(string text)
    {
        var line = text.Split('\n')[0].Trim();
        return line.Length > 300 ? line[..300] + "…" : line;
    }
}
