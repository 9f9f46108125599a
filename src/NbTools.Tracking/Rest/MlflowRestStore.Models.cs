using System.Globalization;
using System.Text.Json.Nodes;

namespace NbTools.Tracking.Rest;

/// <summary>Listing and tagging the server's registered models: registered-models/search and /get, model-versions/search, registered-models/set-tag.</summary>
public sealed partial class MlflowRestStore : IModelStore
{
    /// <inheritdoc/>
    public IReadOnlyList<RegisteredModelInfo> Models()
    {
        var models = new List<RegisteredModelInfo>();
        foreach (var page in Pages(Api + "registered-models/search", new JsonObject { ["max_results"] = "1000" }, HttpMethod.Get))
        {
            foreach (var model in page["registered_models"]?.AsArray() ?? []) models.Add(Model(model!));
        }
        return models.OrderBy(m => m.Name, StringComparer.Ordinal).ToList();
    }

    /// <inheritdoc/>
    public RegisteredModelInfo? GetModel(string name)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new TrackingException("registered model name is empty");
        var found = http.Send(HttpMethod.Get, Api + "registered-models/get", new JsonObject { ["name"] = name }, MlflowHttp.Allow.NotFound);
        return found?["registered_model"] is JsonObject model ? Model(model) : null;
    }

    /// <inheritdoc/>
    public IReadOnlyList<ModelVersionRecord> Versions(string name)
    {
        // The filter MLflow's own client sends for a model's versions (MlflowClient.search_model_versions).
        var versions = new List<ModelVersionRecord>();
        foreach (var page in Pages(Api + "model-versions/search", new JsonObject { ["filter"] = "name=" + FilterString(name), ["max_results"] = "1000" }, HttpMethod.Get))
        {
            foreach (var v in page["model_versions"]?.AsArray() ?? [])
            {
                versions.Add(new ModelVersionRecord((string?)v!["name"] ?? name, int.Parse((string)v["version"]!, CultureInfo.InvariantCulture), (string?)v["source"] ?? "",
                    (string?)v["run_id"] is { Length: > 0 } run ? run : null, (long?)v["creation_timestamp"], (string?)v["current_stage"] ?? "None"));
            }
        }
        return versions.OrderBy(v => v.Version).ToList();
    }

    /// <summary>
    /// A name as a string of MLflow's search filter, which has no escapes: in single quotes, or in
    /// double quotes when it holds a single quote (as MLflow's own UI writes it); a name with both
    /// cannot be searched for on a server.
    /// </summary>
    private static string FilterString(string name)
    {
        if (!name.Contains('\'')) return $"'{name}'";
        if (!name.Contains('"')) return $"\"{name}\"";
        throw new TrackingException($"registered model name '{name}' holds both ' and \": an MLflow server's search filter cannot express it");
    }

    /// <inheritdoc/>
    public void SetModelTag(string name, string key, string value)
    {
        MlflowRules.CheckKey("tag", key);
        http.Send(HttpMethod.Post, Api + "registered-models/set-tag", new JsonObject { ["name"] = name, ["key"] = key, ["value"] = value });
    }

    private static RegisteredModelInfo Model(JsonNode model)
    {
        var tags = (model["tags"]?.AsArray() ?? []).ToDictionary(t => (string)t!["key"]!, t => (string?)t!["value"] ?? "", StringComparer.Ordinal);
        var aliases = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var a in model["aliases"]?.AsArray() ?? []) aliases[(string)a!["alias"]!] = int.Parse((string)a["version"]!, CultureInfo.InvariantCulture);
        var latest = (model["latest_versions"]?.AsArray() ?? []).Select(v => int.Parse((string)v!["version"]!, CultureInfo.InvariantCulture)).DefaultIfEmpty().Max();
        return new RegisteredModelInfo((string)model["name"]!, (long?)model["creation_timestamp"], (long?)model["last_updated_timestamp"], tags, aliases, latest == 0 ? null : latest);
    }
}
