using System.Globalization;
using static NbTools.Tracking.FileStore.StoreFiles;

namespace NbTools.Tracking.FileStore;

/// <summary>
/// The model registry as MLflow's registry FileStore keeps it: <c>models/&lt;name&gt;/meta.yaml</c> (with
/// the model's <c>aliases</c> map, rewritten with <c>last_updated_timestamp</c> on every change),
/// <c>version-&lt;n&gt;/meta.yaml</c> and one file per alias in <c>aliases/</c>.
/// </summary>
public sealed partial class MlflowFileStore
{
    /// <inheritdoc/>
    public ModelVersionInfo CreateModelVersion(string name, string source, string? runId)
    {
        Writable();
        RegistryRules.CheckModelName(name);
        return WithStoreLock(() =>
        {
            var model = Path.Combine(Root, "models", name);
            var now = Now();
            if (!File.Exists(Path.Combine(model, "meta.yaml")))
            {
                Directory.CreateDirectory(model);
                WriteModelMeta(model, name, now, now);
            }
            var version = Directory.GetDirectories(model, "version-*").Select(d => int.TryParse(Path.GetFileName(d)["version-".Length..], CultureInfo.InvariantCulture, out var v) ? v : 0).DefaultIfEmpty(0).Max() + 1;
            var folder = Path.Combine(model, "version-" + version.ToString(CultureInfo.InvariantCulture));
            Directory.CreateDirectory(folder);
            WriteAtomic(Path.Combine(folder, "meta.yaml"), PyYaml.Dump(new Dictionary<string, object?>
            {
                ["aliases"] = Array.Empty<string>(),
                ["creation_timestamp"] = now,
                ["current_stage"] = "None",
                ["description"] = null,
                ["last_updated_timestamp"] = now,
                ["name"] = name,
                ["run_id"] = runId,
                ["run_link"] = null,
                ["source"] = source,
                ["status"] = "READY",
                ["status_message"] = null,
                ["storage_location"] = source,
                ["user_id"] = null,
                ["version"] = (long)version,
            }));
            Touch(model, name, now);
            return new ModelVersionInfo(name, version, source, runId);
        });
    }

    /// <inheritdoc/>
    public void SetAlias(string name, string alias, int version)
    {
        Writable();
        RegistryRules.CheckAlias(alias);
        var model = ModelFolder(name) ?? throw new TrackingException($"{Root}: no registered model named '{name}'");
        if (!File.Exists(Path.Combine(model, "version-" + version.ToString(CultureInfo.InvariantCulture), "meta.yaml"))) throw new TrackingException($"{Root}: model {name} has no version {version}");
        WithStoreLock(() =>
        {
            Directory.CreateDirectory(Path.Combine(model, "aliases"));
            WriteAtomic(Path.Combine(model, "aliases", alias), version.ToString(CultureInfo.InvariantCulture));
            Touch(model, name, Now());
        });
    }

    /// <inheritdoc/>
    public ModelVersionInfo? GetByAlias(string name, string alias)
    {
        RegistryRules.CheckAlias(alias);
        if (ModelFolder(name) is not { } model) return null; // as a server answers: no such model, no such version
        var path = Path.Combine(model, "aliases", alias);
        if (!File.Exists(path)) return null;
        var version = int.Parse(ReadText(path).Trim(), CultureInfo.InvariantCulture);
        var meta = ReadYaml(Path.Combine(model, "version-" + version.ToString(CultureInfo.InvariantCulture), "meta.yaml"));
        return new ModelVersionInfo(name, version, Get(meta, "source") ?? "", Get(meta, "run_id"));
    }

    /// <inheritdoc/>
    public void DeleteAlias(string name, string alias)
    {
        Writable();
        RegistryRules.CheckAlias(alias);
        var model = ModelFolder(name) ?? throw new TrackingException($"{Root}: no registered model named '{name}'");
        var path = Path.Combine(model, "aliases", alias);
        if (!File.Exists(path)) return;
        WithStoreLock(() =>
        {
            File.Delete(path);
            Touch(model, name, Now());
        });
    }

    /// <summary>The aliases of a registered model and the versions they point at (empty for an unknown model).</summary>
    public IReadOnlyDictionary<string, int> Aliases(string name)
    {
        var aliases = new SortedDictionary<string, int>(StringComparer.Ordinal);
        if (ModelFolder(name) is not { } model) return aliases;
        foreach (var (alias, path) in Keys(Path.Combine(model, "aliases")))
        {
            if (int.TryParse(ReadText(path).Trim(), CultureInfo.InvariantCulture, out var version)) aliases[alias] = version;
        }
        return aliases;
    }

    private string? ModelFolder(string name)
    {
        RegistryRules.CheckModelName(name);
        var folder = Path.Combine(Root, "models", name);
        return File.Exists(Path.Combine(folder, "meta.yaml")) ? folder : null;
    }

    /// <summary>Rewrites the model's meta.yaml with a new update time and its current aliases, as MLflow does after each change.</summary>
    private void Touch(string model, string name, long updated)
    {
        var meta = ReadYaml(Path.Combine(model, "meta.yaml"));
        WriteModelMeta(model, name, Long(Get(meta, "creation_timestamp")) ?? updated, updated, Get(meta, "description"));
    }

    private void WriteModelMeta(string folder, string name, long created, long updated, string? description = null) =>
        WriteAtomic(Path.Combine(folder, "meta.yaml"), PyYaml.Dump(new Dictionary<string, object?>
        {
            ["aliases"] = Aliases(name).ToDictionary(a => a.Key, a => a.Value.ToString(CultureInfo.InvariantCulture), StringComparer.Ordinal),
            ["creation_timestamp"] = created,
            ["description"] = description,
            ["last_updated_timestamp"] = updated,
            ["name"] = name,
        }));
}
