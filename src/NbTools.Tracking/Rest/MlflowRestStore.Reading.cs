using System.Globalization;
using System.Text.Json.Nodes;
using NbTools.Tracking.FileStore;

namespace NbTools.Tracking.Rest;

/// <summary>Reading runs back from the server: experiments/search, runs/search, runs/get, metric histories, artifact listings.</summary>
public sealed partial class MlflowRestStore
{
    /// <inheritdoc/>
    public IReadOnlyList<ExperimentInfo> Experiments()
    {
        var list = new List<ExperimentInfo>();
        foreach (var page in Pages(Api + "experiments/search", new JsonObject { ["max_results"] = 1000 }))
        {
            foreach (var e in page["experiments"]?.AsArray() ?? [])
            {
                list.Add(new ExperimentInfo((string)e!["experiment_id"]!, (string?)e["name"] ?? "", (string?)e["artifact_location"] ?? "", (string?)e["lifecycle_stage"] ?? "active", (long?)e["creation_time"]));
            }
        }
        return list;
    }

    /// <inheritdoc/>
    public IReadOnlyList<RunRecord> Runs(string? experimentName = null)
    {
        var experiments = Experiments().Where(e => experimentName is null || e.Name == experimentName).ToList();
        if (experimentName is not null && experiments.Count == 0) throw new TrackingException($"{Location}: no experiment named '{experimentName}'");
        if (experiments.Count == 0) return [];
        var ids = new JsonArray(experiments.Select(e => (JsonNode)e.Id).ToArray());
        var runs = new List<RunRecord>();
        foreach (var page in Pages(Api + "runs/search", new JsonObject { ["experiment_ids"] = ids, ["max_results"] = 1000 }))
        {
            foreach (var run in page["runs"]?.AsArray() ?? []) runs.Add(Record(run!, null));
        }
        return runs.OrderByDescending(r => r.StartTime).ThenBy(r => r.RunId, StringComparer.Ordinal).ToList();
    }

    /// <inheritdoc/>
    public RunRecord GetRun(string runId)
    {
        var run = RunJson(runId);
        var histories = new Dictionary<string, IReadOnlyList<MetricPoint>>(StringComparer.Ordinal);
        foreach (var key in (run["data"]?["metrics"]?.AsArray() ?? []).Select(m => (string)m!["key"]!).Distinct())
        {
            var points = new List<MetricPoint>();
            string? token = null;
            do
            {
                var query = new JsonObject { ["run_id"] = runId, ["metric_key"] = key, ["max_results"] = "25000" };
                if (token is not null) query["page_token"] = token;
                var history = http.Send(HttpMethod.Get, Api + "metrics/get-history", query);
                points.AddRange((history?["metrics"]?.AsArray() ?? []).Select(m => Point(m!)));
                token = (string?)history?["next_page_token"];
            }
            while (!string.IsNullOrEmpty(token));
            histories[key] = points;
        }
        return Record(run, histories);
    }

    /// <inheritdoc/>
    public IReadOnlyList<ArtifactFile> Artifacts(string runId)
    {
        var files = new List<ArtifactFile>();
        var folders = new Queue<string>([""]);
        while (folders.TryDequeue(out var folder))
        {
            var query = new JsonObject { ["run_id"] = runId };
            if (folder.Length > 0) query["path"] = folder;
            foreach (var entry in http.Send(HttpMethod.Get, Api + "artifacts/list", query)?["files"]?.AsArray() ?? [])
            {
                var path = (string)entry!["path"]!;
                if ((bool?)entry["is_dir"] == true) folders.Enqueue(path);
                else files.Add(new ArtifactFile(path, (long?)entry["file_size"] ?? 0));
            }
        }
        return files.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
    }

    /// <summary>The pages of a search: the same request with each answer's next_page_token until there is none (POST searches send a body, GET searches a query).</summary>
    private IEnumerable<JsonNode> Pages(string path, JsonObject body, HttpMethod? method = null)
    {
        string? token = null;
        do
        {
            var request = (JsonObject)body.DeepClone();
            if (token is not null) request["page_token"] = token;
            var page = http.Send(method ?? HttpMethod.Post, path, request);
            if (page is null) yield break;
            yield return page;
            token = (string?)page["next_page_token"];
        }
        while (!string.IsNullOrEmpty(token));
    }

    private static MetricPoint Point(JsonNode m)
    {
        var value = m["value"] is JsonValue v && v.TryGetValue<string>(out var text)
            ? text switch { "NaN" => double.NaN, "Infinity" => double.PositiveInfinity, "-Infinity" => double.NegativeInfinity, _ => double.Parse(text, CultureInfo.InvariantCulture) }
            : (double)m["value"]!;
        return new MetricPoint((long?)m["timestamp"] ?? 0, value, (long?)m["step"] ?? 0);
    }

    private static RunRecord Record(JsonNode run, IReadOnlyDictionary<string, IReadOnlyList<MetricPoint>>? histories)
    {
        var info = run["info"]!;
        var data = run["data"];
        Dictionary<string, string> Pairs(string name) => (data?[name]?.AsArray() ?? []).ToDictionary(p => (string)p!["key"]!, p => (string?)p!["value"] ?? "", StringComparer.Ordinal);
        var metrics = histories ?? (data?["metrics"]?.AsArray() ?? []).GroupBy(m => (string)m!["key"]!)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<MetricPoint>)g.Select(m => Point(m!)).ToList(), StringComparer.Ordinal);
        var status = Enum.TryParse<RunStatus>((string?)info["status"], ignoreCase: true, out var parsed) ? parsed : RunStatus.Running;
        return new RunRecord(
            (string?)info["run_id"] ?? (string)info["run_uuid"]!, (string?)info["experiment_id"] ?? "", (string?)info["run_name"] is { Length: > 0 } name ? name : null,
            status, (long?)info["start_time"] ?? 0, (long?)info["end_time"], (string?)info["user_id"] ?? "", (string?)info["artifact_uri"] ?? "",
            Pairs("params"), new SortedDictionary<string, IReadOnlyList<MetricPoint>>(metrics.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal), Pairs("tags"))
        {
            Inputs = (run["inputs"]?["dataset_inputs"]?.AsArray() ?? []).Select(i => Input(i!)).ToList(),
        };
    }

    private static DatasetInput Input(JsonNode input)
    {
        var dataset = input["dataset"]!;
        var context = (input["tags"]?.AsArray() ?? []).FirstOrDefault(t => (string?)t!["key"] == "mlflow.data.context")?["value"];
        return new DatasetInput((string?)dataset["name"] ?? "", (string?)dataset["digest"] ?? "", (string?)dataset["source_type"] ?? "", (string?)dataset["source"] ?? "", (string?)context,
            (string?)dataset["schema"] is { Length: > 0 } schema ? schema : null, (string?)dataset["profile"] is { Length: > 0 } profile ? profile : null);
    }
}
