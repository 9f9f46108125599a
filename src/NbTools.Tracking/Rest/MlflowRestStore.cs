using System.Text.Json.Nodes;

namespace NbTools.Tracking.Rest;

/// <summary>
/// An MLflow tracking server through its REST API 2.0: experiments get-by-name/create, runs
/// create/update, log-batch split at MLflow's limits (1000 metrics, 100 params, 100 tags per call),
/// dataset inputs, artifacts uploaded through the server's mlflow-artifacts proxy, the model registry,
/// and reading runs back. Requests that fail with 408, 429 or 5xx or time out are retried with
/// exponential backoff (each retry told to <see cref="MlflowRestOptions.OnRetry"/>); a server that
/// cannot be connected to is given up on within <see cref="MlflowRestOptions.ConnectFailureBudget"/>.
/// Metric points are buffered and stay buffered until the server took them, so a short outage loses nothing.
/// </summary>
public sealed partial class MlflowRestStore : ITrackingStore, IModelRegistry, IRunReader, IDisposable
{
    private const int MaxParamsPerBatch = 100;
    private const int MaxTagsPerBatch = 100;
    private const string Api = "api/2.0/mlflow/";
    private readonly MlflowHttp http;
    private readonly MlflowRestOptions options;
    private readonly Dictionary<string, List<JsonObject>> pendingMetrics = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> artifactUris = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    /// <summary>A client of the server at <paramref name="server"/> (its root, e.g. http://mlflow:5000).</summary>
    public MlflowRestStore(Uri server, MlflowRestOptions? options = null, HttpMessageHandler? handler = null)
    {
        this.options = options ?? new MlflowRestOptions();
        http = new MlflowHttp(new Uri(server.AbsoluteUri.TrimEnd('/') + "/"), this.options, handler);
    }

    /// <inheritdoc/>
    public string Location => http.Location;

    /// <inheritdoc/>
    public string GetOrCreateExperiment(string name)
    {
        MlflowRules.CheckExperimentName(name);
        if (ExperimentIdByName(name) is { } found) return found;
        var created = http.Send(HttpMethod.Post, Api + "experiments/create", new JsonObject { ["name"] = name }, MlflowHttp.Allow.AlreadyExists);
        if (created is not null) return (string)created["experiment_id"]!;
        // Another client created it between our two calls.
        return ExperimentIdByName(name) ?? throw new TrackingException($"{Location}: experiment '{name}' exists but cannot be found by name");
    }

    private string? ExperimentIdByName(string name) =>
        (string?)http.Send(HttpMethod.Get, Api + "experiments/get-by-name", new JsonObject { ["experiment_name"] = name }, MlflowHttp.Allow.NotFound)?["experiment"]?["experiment_id"];

    /// <inheritdoc/>
    public string CreateRun(string experimentId, string? runName, string userId, long startTime, IReadOnlyDictionary<string, string> tags)
    {
        foreach (var key in tags.Keys) MlflowRules.CheckKey("tag", key);
        var body = new JsonObject
        {
            ["experiment_id"] = experimentId,
            ["user_id"] = userId, // as MLflow's client sends it: without it the server stores ""
            ["start_time"] = startTime,
            ["tags"] = new JsonArray(tags.Select(t => (JsonNode)Pair(t.Key, MlflowRules.Truncate(t.Value, MlflowRules.MaxTagValueLength))).ToArray()),
        };
        if (runName is not null) body["run_name"] = runName;
        var info = http.Send(HttpMethod.Post, Api + "runs/create", body)!["run"]!["info"]!;
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
            http.Send(HttpMethod.Post, Api + "runs/log-batch", new JsonObject { ["run_id"] = runId, [field] = list });
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
            http.Send(HttpMethod.Post, Api + "runs/log-batch", new JsonObject { ["run_id"] = runId, ["metrics"] = metrics });
            lock (gate) pendingMetrics[runId].RemoveRange(0, batch.Length);
        }
    }

    /// <inheritdoc/>
    public void LogArtifact(string runId, string localFile, string artifactPath)
    {
        MlflowRules.CheckKey("artifact path", artifactPath);
        http.Put("api/2.0/mlflow-artifacts/artifacts/" + ProxiedPath(runId, artifactPath), File.ReadAllBytes(localFile));
    }

    /// <summary>The path under the server's artifact proxy of a run's artifact (escaped per segment).</summary>
    private string ProxiedPath(string runId, string artifactPath)
    {
        var root = ArtifactUri(runId);
        const string proxied = "mlflow-artifacts:";
        if (!root.StartsWith(proxied, StringComparison.Ordinal))
        {
            throw new TrackingException($"{Location}: run {runId} stores artifacts at {root}, which this client cannot reach; start the server with --serve-artifacts (MLflow's default)");
        }
        var relative = root[proxied.Length..].Trim('/') + (artifactPath.Length == 0 ? "" : "/" + artifactPath);
        return string.Join('/', relative.Split('/').Select(Uri.EscapeDataString));
    }

    /// <inheritdoc/>
    public void EndRun(string runId, RunStatus status, long endTime)
    {
        FlushRun(runId);
        http.Send(HttpMethod.Post, Api + "runs/update", new JsonObject
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
        MlflowRules.CheckDataset(name, digest);
        var input = new JsonObject
        {
            ["tags"] = new JsonArray(Pair("mlflow.data.context", context)),
            ["dataset"] = new JsonObject { ["name"] = name, ["digest"] = digest, ["source_type"] = sourceType, ["source"] = source },
        };
        http.Send(HttpMethod.Post, Api + "runs/log-inputs", new JsonObject { ["run_id"] = runId, ["datasets"] = new JsonArray(input) });
    }

    /// <summary>The run's artifact URI as the server gave it (mlflow-artifacts:/…).</summary>
    public string ArtifactUri(string runId)
    {
        lock (gate)
        {
            if (artifactUris.TryGetValue(runId, out var known) && known.Length > 0) return known;
        }
        var uri = (string?)RunJson(runId)["info"]!["artifact_uri"] ?? "";
        lock (gate) artifactUris[runId] = uri;
        return uri;
    }

    private JsonNode RunJson(string runId) => http.Send(HttpMethod.Get, Api + "runs/get", new JsonObject { ["run_id"] = runId })!["run"]!;

    private static JsonObject Pair(string key, string value) => new() { ["key"] = key, ["value"] = value };

    /// <inheritdoc/>
    public void Dispose() => http.Dispose();
}
