using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace NbTools.Tests.Support;

/// <summary>The routes the stand-in serves, each with the one method MLflow's server accepts for it.</summary>
public sealed partial class FakeMlflowServer
{
    private delegate JsonObject Route(FakeMlflowServer server, Arguments args);

    private const string Api = "/api/2.0/mlflow/";

    private static readonly Dictionary<string, Dictionary<string, Route>> Routes = new()
    {
        [Api + "experiments/get-by-name"] = new() { ["GET"] = (s, a) => s.GetExperimentByName(a.Required("experiment_name")) },
        [Api + "experiments/create"] = new() { ["POST"] = (s, a) => s.CreateExperiment(a.Required("name")) },
        [Api + "experiments/search"] = new() { ["POST"] = (s, _) => s.SearchExperiments() },
        [Api + "runs/create"] = new() { ["POST"] = (s, a) => s.CreateRun(a) },
        [Api + "runs/log-batch"] = new() { ["POST"] = (s, a) => s.LogBatch(a) },
        [Api + "runs/log-inputs"] = new() { ["POST"] = (s, a) => s.LogInputs(a) },
        [Api + "runs/update"] = new() { ["POST"] = (s, a) => s.UpdateRun(a) },
        [Api + "runs/get"] = new() { ["GET"] = (s, a) => new JsonObject { ["run"] = Full(a.Required("run_id"), s.RunOf(a.Required("run_id"))) } },
        [Api + "runs/search"] = new() { ["POST"] = (s, a) => s.SearchRuns(a) },
        [Api + "metrics/get-history"] = new() { ["GET"] = (s, a) => s.History(a.Required("run_id"), a.Required("metric_key")) },
        [Api + "artifacts/list"] = new() { ["GET"] = (s, a) => s.ListArtifacts(a.Required("run_id"), a.Optional("path") ?? "") },
        [Api + "registered-models/create"] = new() { ["POST"] = (s, a) => s.CreateModel(a.Required("name")) },
        [Api + "model-versions/create"] = new() { ["POST"] = (s, a) => s.CreateVersion(a.Required("name"), a.Required("source"), a.Optional("run_id")) },
        [Api + "registered-models/get"] = new() { ["GET"] = (s, a) => new JsonObject { ["registered_model"] = s.RegisteredModel(a.Required("name")) } },
        [Api + "registered-models/search"] = new() { ["GET"] = (s, a) => s.SearchModels(a) },
        [Api + "registered-models/set-tag"] = new() { ["POST"] = (s, a) => s.SetModelTag(a.Required("name"), a.Required("key"), a.Optional("value")) },
        [Api + "model-versions/search"] = new() { ["GET"] = (s, a) => s.SearchVersions(a) },
        [Api + "registered-models/alias"] = new()
        {
            ["POST"] = (s, a) => s.SetAlias(a.Required("name"), a.Required("alias"), a.Required("version")),
            ["GET"] = (s, a) => s.GetAlias(a.Required("name"), a.Required("alias")),
            ["DELETE"] = (s, a) => s.DeleteAlias(a.Required("name"), a.Required("alias")),
        },
    };

    private static MlflowError NotFound(string message) => new(404, "RESOURCE_DOES_NOT_EXIST", message);

    private static MlflowError Invalid(string message) => new(400, "INVALID_PARAMETER_VALUE", message);

    private FakeRun RunOf(string runId) => Runs.TryGetValue(runId, out var run) ? run : throw NotFound($"Run with id={runId} not found");

    private (List<(string Source, string? RunId)> Versions, Dictionary<string, int> Aliases) ModelOf(string name) =>
        Models.TryGetValue(name, out var model) ? model : throw NotFound($"Registered Model with name={name} not found");

    private JsonObject GetExperimentByName(string name) =>
        Experiments.Values.FirstOrDefault(e => e.Name == name) is { Id: not null } found
            ? new JsonObject { ["experiment"] = Experiment(found.Id, found.Name) }
            : throw NotFound($"Could not find experiment with name '{name}'");

    private JsonObject CreateExperiment(string name)
    {
        if (Experiments.Values.Any(e => e.Name == name)) throw new MlflowError(400, "RESOURCE_ALREADY_EXISTS", $"Experiment(name={name}) already exists.");
        var id = (nextExperiment++).ToString(CultureInfo.InvariantCulture);
        Experiments[id] = (id, name);
        return new JsonObject { ["experiment_id"] = id };
    }

    private JsonObject SearchExperiments() =>
        new() { ["experiments"] = new JsonArray(Experiments.Values.Select(e => (JsonNode)Experiment(e.Id, e.Name)).ToArray()) };

    private static JsonObject Experiment(string id, string name) =>
        new() { ["experiment_id"] = id, ["name"] = name, ["artifact_location"] = "mlflow-artifacts:/" + id, ["lifecycle_stage"] = "active" };

    private JsonObject CreateRun(Arguments args)
    {
        var experimentId = args.Required("experiment_id");
        if (!Experiments.ContainsKey(experimentId)) throw NotFound($"No Experiment with id={experimentId} exists");
        var runId = Guid.NewGuid().ToString("N");
        // Without user_id the server stores "" (README §9); MLflow's client sends the login name.
        var run = new FakeRun { ExperimentId = experimentId, Name = args.Optional("run_name"), UserId = args.Optional("user_id") ?? "", StartTime = long.Parse(args.Optional("start_time") ?? "0", CultureInfo.InvariantCulture) };
        foreach (var tag in args.Body["tags"]?.AsArray() ?? []) run.Tags[(string)tag!["key"]!] = (string)tag["value"]!;
        if (run.Name is not null) run.Tags["mlflow.runName"] = run.Name;
        Runs[runId] = run;
        return new JsonObject { ["run"] = new JsonObject { ["info"] = Info(runId, run), ["data"] = new JsonObject(), ["inputs"] = new JsonObject() } };
    }

    private JsonObject LogBatch(Arguments args)
    {
        var run = RunOf(args.Required("run_id"));
        var metrics = args.Body["metrics"]?.AsArray() ?? [];
        var parameters = args.Body["params"]?.AsArray() ?? [];
        var tags = args.Body["tags"]?.AsArray() ?? [];
        if (metrics.Count > 1000 || parameters.Count > 100 || tags.Count > 100) throw Invalid("A batch logging request can contain at most 1000 metrics, 100 params and 100 tags");
        foreach (var p in parameters)
        {
            var key = (string)p!["key"]!;
            var value = (string)p["value"]!;
            if (!Regex.IsMatch(key, @"^[/\w.\- :]*$")) throw Invalid($"Invalid value \"{key}\" for parameter 'key' supplied: Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colon(:) and slashes (/).");
            if (run.Params.TryGetValue(key, out var old) && old != value)
            {
                throw Invalid($"Changing param values is not allowed. Param with key='{key}' was already logged with value='{old}' for run ID='{args.Optional("run_id")}'. Attempted logging new value '{value}'.");
            }
        }
        foreach (var p in parameters) run.Params[(string)p!["key"]!] = (string)p["value"]!;
        foreach (var m in metrics) run.Metrics.Add(((string)m!["key"]!, m["value"]!.DeepClone(), (long)m["timestamp"]!, (long?)m["step"] ?? 0));
        foreach (var t in tags) run.Tags[(string)t!["key"]!] = (string)t["value"]!;
        return [];
    }

    private JsonObject LogInputs(Arguments args)
    {
        var run = RunOf(args.Required("run_id"));
        foreach (var input in args.Body["datasets"]?.AsArray() ?? [])
        {
            var dataset = input!["dataset"] ?? throw Invalid("Missing value for required parameter 'datasets[0].dataset'.");
            if (((string?)dataset["digest"])?.Length > 36) throw Invalid($"Dataset digest '{dataset["digest"]}' exceeds the maximum length of 36");
            run.Inputs.Add(input.AsObject().DeepClone().AsObject());
        }
        return [];
    }

    private JsonObject UpdateRun(Arguments args)
    {
        var runId = args.Required("run_id");
        var run = RunOf(runId);
        run.Status = args.Optional("status") ?? run.Status;
        if (args.Optional("end_time") is { } end) run.EndTime = long.Parse(end, CultureInfo.InvariantCulture);
        return new JsonObject { ["run_info"] = Info(runId, run) };
    }

    private JsonObject SearchRuns(Arguments args)
    {
        // One run per page, so that clients must follow next_page_token.
        var wanted = (args.Body["experiment_ids"]?.AsArray() ?? []).Select(i => (string)i!).ToHashSet();
        var matching = Runs.Where(r => wanted.Contains(r.Value.ExperimentId)).OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        var offset = args.Optional("page_token") is { } token ? int.Parse(token, CultureInfo.InvariantCulture) : 0;
        var page = new JsonObject { ["runs"] = new JsonArray(matching.Skip(offset).Take(1).Select(r => (JsonNode)Full(r.Key, r.Value)).ToArray()) };
        if (offset + 1 < matching.Count) page["next_page_token"] = (offset + 1).ToString(CultureInfo.InvariantCulture);
        return page;
    }

    private JsonObject History(string runId, string key) =>
        new() { ["metrics"] = new JsonArray(RunOf(runId).Metrics.Where(m => m.Key == key).Select(m => (JsonNode)Point(m)).ToArray()) };

    private JsonObject ListArtifacts(string runId, string path)
    {
        var run = RunOf(runId);
        var root = $"{run.ExperimentId}/{runId}/artifacts/" + (path.Length == 0 ? "" : path.TrimEnd('/') + "/");
        var entries = Artifacts.Where(a => a.Key.StartsWith(root, StringComparison.Ordinal))
            .Select(a => (Tail: a.Key[root.Length..], Size: a.Value.Length))
            .GroupBy(a => a.Tail.Split('/')[0])
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Any(a => a.Tail.Contains('/'))
                ? new JsonObject { ["path"] = (path.Length == 0 ? "" : path.TrimEnd('/') + "/") + g.Key, ["is_dir"] = true }
                : new JsonObject { ["path"] = (path.Length == 0 ? "" : path.TrimEnd('/') + "/") + g.Key, ["is_dir"] = false, ["file_size"] = g.First().Size });
        var result = new JsonObject { ["root_uri"] = $"mlflow-artifacts:/{run.ExperimentId}/{runId}/artifacts" };
        var files = new JsonArray(entries.Select(e => (JsonNode)e).ToArray());
        if (files.Count > 0) result["files"] = files;
        return result;
    }

    private JsonObject CreateModel(string name)
    {
        if (Models.ContainsKey(name)) throw new MlflowError(400, "RESOURCE_ALREADY_EXISTS", $"Registered Model (name={name}) already exists.");
        Models[name] = ([], []);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        modelTimes[name] = (now, now);
        return new JsonObject { ["registered_model"] = new JsonObject { ["name"] = name, ["creation_timestamp"] = now, ["last_updated_timestamp"] = now } };
    }

    private JsonObject CreateVersion(string name, string source, string? runId)
    {
        var versions = ModelOf(name).Versions;
        versions.Add((source, runId));
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        versionTimes[(name, versions.Count)] = now;
        Updated(name, now);
        return new JsonObject { ["model_version"] = VersionOf(name, versions.Count) };
    }

    private JsonObject SetAlias(string name, string alias, string version)
    {
        CheckAliasName(alias);
        var model = ModelOf(name);
        var number = int.Parse(version, CultureInfo.InvariantCulture);
        if (number < 1 || number > model.Versions.Count) throw NotFound($"Model Version (name={name}, version={version}) not found");
        model.Aliases[alias] = number;
        Updated(name, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        return [];
    }

    /// <summary>MLflow's alias-name rules (mlflow/utils/validation.py), checked before the model is looked up.</summary>
    private static void CheckAliasName(string alias)
    {
        if (alias.Length == 0) throw Invalid("Registered model alias name cannot be empty.");
        if (!Regex.IsMatch(alias, @"^[\w\-]*$")) throw Invalid($"Invalid alias name: '{alias}'. Names may only contain alphanumerics, underscores (_), and dashes (-).");
        if (alias.Length > 255) throw Invalid($"Registered model alias name '{alias[..250]}...' had length {alias.Length}, which exceeded length limit of 255");
        if (alias.Equals("latest", StringComparison.OrdinalIgnoreCase)) throw Invalid("'latest' alias name (case insensitive) is reserved.");
        if (Regex.IsMatch(alias, @"^[vV]\d+$")) throw Invalid($"Version alias name '{alias}' is reserved.");
    }

    private JsonObject GetAlias(string name, string alias)
    {
        var model = ModelOf(name);
        if (!model.Aliases.TryGetValue(alias, out var version)) throw Invalid($"Registered model alias {alias} not found.");
        var found = VersionOf(name, version);
        found["aliases"] = new JsonArray(alias);
        return new JsonObject { ["model_version"] = found };
    }

    private void Updated(string name, long now) => modelTimes[name] = (modelTimes.TryGetValue(name, out var t) ? t.Created : now, now);

    /// <summary>A registered model as registered-models/get and /search give it (SqlRegisteredModel.to_mlflow_entity): empty lists left out, as MLflow's JSON leaves them out.</summary>
    private JsonObject RegisteredModel(string name)
    {
        var model = ModelOf(name);
        var times = modelTimes.GetValueOrDefault(name);
        var result = new JsonObject { ["name"] = name, ["creation_timestamp"] = times.Created, ["last_updated_timestamp"] = times.Updated };
        if (model.Versions.Count > 0) result["latest_versions"] = new JsonArray(VersionOf(name, model.Versions.Count)); // every version is in stage None: the latest one
        if (ModelTags.TryGetValue(name, out var tags) && tags.Count > 0)
        {
            result["tags"] = new JsonArray(tags.Select(t => (JsonNode)new JsonObject { ["key"] = t.Key, ["value"] = t.Value }).ToArray());
        }
        if (model.Aliases.Count > 0)
        {
            result["aliases"] = new JsonArray(model.Aliases.Select(a => (JsonNode)new JsonObject { ["alias"] = a.Key, ["version"] = a.Value.ToString(CultureInfo.InvariantCulture) }).ToArray());
        }
        return result;
    }

    /// <summary>One model per page, so that clients must follow next_page_token; max_results above MLflow's 1000 is refused as MLflow refuses it.</summary>
    private JsonObject SearchModels(Arguments args)
    {
        var max = args.Optional("max_results") is { } text ? long.Parse(text, CultureInfo.InvariantCulture) : 100;
        if (max > 1000) throw Invalid($"Invalid value for request parameter max_results. It must be at most 1000, but got value {max}");
        var names = Models.Keys.Order(StringComparer.Ordinal).ToList();
        return Page(names.Select(n => (JsonNode)RegisteredModel(n)).ToList(), "registered_models", args);
    }

    /// <summary>model-versions/search with the one filter MLflow's client sends for a model's versions, name='…'; one version per page.</summary>
    private JsonObject SearchVersions(Arguments args)
    {
        var filter = args.Optional("filter") ?? "";
        // A string in single or double quotes, no escapes (MLflow's filter strings).
        var match = Regex.Match(filter, @"^\s*name\s*=\s*(?:'([^']*)'|""([^""]*)"")\s*$");
        if (!match.Success) throw Invalid($"Invalid filter '{filter}' (the stand-in knows only name='…' and name=\"…\")");
        var name = match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value;
        var versions = Models.TryGetValue(name, out var model) ? Enumerable.Range(1, model.Versions.Count).Select(v => (JsonNode)VersionOf(name, v)).ToList() : [];
        return Page(versions, "model_versions", args);
    }

    private static JsonObject Page(List<JsonNode> items, string field, Arguments args)
    {
        var offset = args.Optional("page_token") is { } token ? int.Parse(token, CultureInfo.InvariantCulture) : 0;
        var page = new JsonObject();
        if (offset < items.Count) page[field] = new JsonArray(items[offset]);
        if (offset + 1 < items.Count) page["next_page_token"] = (offset + 1).ToString(CultureInfo.InvariantCulture);
        return page;
    }

    private JsonObject SetModelTag(string name, string key, string? value)
    {
        ModelOf(name);
        if (value is null) throw Invalid("Missing value for required parameter 'value'. See the API docs for more information about request parameters.");
        if (value.Length > 5000) throw Invalid($"Registered model tag value exceeds the maximum length of 5000 characters");
        if (!ModelTags.TryGetValue(name, out var tags)) ModelTags[name] = tags = [];
        tags[key] = value;
        Updated(name, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        return [];
    }

    private JsonObject DeleteAlias(string name, string alias)
    {
        ModelOf(name).Aliases.Remove(alias);
        return [];
    }

    /// <summary>A run as runs/get and runs/search give it: info, data with the latest point of each metric, and its dataset inputs.</summary>
    private static JsonObject Full(string runId, FakeRun run)
    {
        var inputs = new JsonObject();
        if (run.Inputs.Count > 0) inputs["dataset_inputs"] = new JsonArray(run.Inputs.Select(i => (JsonNode)i.DeepClone()).ToArray());
        return new JsonObject
        {
            ["info"] = Info(runId, run),
            ["data"] = new JsonObject
            {
                ["metrics"] = new JsonArray(run.Metrics.GroupBy(m => m.Key).Select(g => (JsonNode)Point(g.OrderBy(m => m.Step).ThenBy(m => m.Timestamp).Last())).ToArray()),
                ["params"] = new JsonArray(run.Params.Select(p => (JsonNode)new JsonObject { ["key"] = p.Key, ["value"] = p.Value }).ToArray()),
                ["tags"] = new JsonArray(run.Tags.Select(t => (JsonNode)new JsonObject { ["key"] = t.Key, ["value"] = t.Value }).ToArray()),
            },
            ["inputs"] = inputs,
        };
    }

    private static JsonObject Point((string Key, JsonNode Value, long Timestamp, long Step) m) => new()
    {
        ["key"] = m.Key,
        ["value"] = m.Value.DeepClone(),
        ["timestamp"] = m.Timestamp,
        ["step"] = m.Step,
    };

    private JsonObject VersionOf(string name, int version) => Version(name, version, Models[name].Versions[version - 1], versionTimes.GetValueOrDefault((name, version)));

    private static JsonObject Version(string name, int version, (string Source, string? RunId) data, long created) => new()
    {
        ["name"] = name,
        ["version"] = version.ToString(CultureInfo.InvariantCulture),
        ["creation_timestamp"] = created,
        ["last_updated_timestamp"] = created,
        ["current_stage"] = "None",
        ["description"] = "",
        ["source"] = data.Source,
        ["run_id"] = data.RunId,
        ["status"] = "READY",
        ["run_link"] = "",
    };

    private static JsonObject Info(string runId, FakeRun run) => new()
    {
        ["run_uuid"] = runId,
        ["experiment_id"] = run.ExperimentId,
        ["run_name"] = run.Name,
        ["user_id"] = run.UserId,
        ["status"] = run.Status,
        ["start_time"] = run.StartTime,
        ["end_time"] = run.EndTime,
        ["artifact_uri"] = $"mlflow-artifacts:/{run.ExperimentId}/{runId}/artifacts",
        ["lifecycle_stage"] = "active",
        ["run_id"] = runId,
    };
}
