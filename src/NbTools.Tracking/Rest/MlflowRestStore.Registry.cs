using System.Globalization;
using System.Text.Json.Nodes;

namespace NbTools.Tracking.Rest;

/// <summary>The server's model registry: registered-models, model-versions, aliases.</summary>
public sealed partial class MlflowRestStore
{
    /// <inheritdoc/>
    public ModelVersionInfo CreateModelVersion(string name, string source, string? runId)
    {
        RegistryRules.CheckModelName(name);
        http.Send(HttpMethod.Post, Api + "registered-models/create", new JsonObject { ["name"] = name }, MlflowHttp.Allow.AlreadyExists);
        var body = new JsonObject { ["name"] = name, ["source"] = source };
        if (runId is not null) body["run_id"] = runId;
        return Version(name, http.Send(HttpMethod.Post, Api + "model-versions/create", body)!["model_version"]!, source, runId);
    }

    /// <inheritdoc/>
    public void SetAlias(string name, string alias, int version)
    {
        RegistryRules.CheckAlias(alias);
        http.Send(HttpMethod.Post, Api + "registered-models/alias", new JsonObject { ["name"] = name, ["alias"] = alias, ["version"] = version.ToString(CultureInfo.InvariantCulture) });
    }

    /// <inheritdoc/>
    public ModelVersionInfo? GetByAlias(string name, string alias)
    {
        RegistryRules.CheckAlias(alias);
        // An unknown model is 404 RESOURCE_DOES_NOT_EXIST, an unknown alias 400 INVALID_PARAMETER_VALUE: both "no such version".
        var found = http.Send(HttpMethod.Get, Api + "registered-models/alias", new JsonObject { ["name"] = name, ["alias"] = alias }, MlflowHttp.Allow.NotFound | MlflowHttp.Allow.InvalidParameter);
        return found?["model_version"] is JsonObject version ? Version(name, version, "", null) : null;
    }

    /// <inheritdoc/>
    public void DeleteAlias(string name, string alias)
    {
        RegistryRules.CheckAlias(alias);
        // MLflow reads a DELETE's arguments from its JSON body; query arguments are answered 400 "Missing value for required parameter 'name'".
        http.Send(HttpMethod.Delete, Api + "registered-models/alias", new JsonObject { ["name"] = name, ["alias"] = alias });
    }

    private static ModelVersionInfo Version(string name, JsonNode version, string source, string? runId) =>
        new(name, int.Parse((string)version["version"]!, CultureInfo.InvariantCulture), (string?)version["source"] ?? source, (string?)version["run_id"] is { Length: > 0 } id ? id : runId);
}
