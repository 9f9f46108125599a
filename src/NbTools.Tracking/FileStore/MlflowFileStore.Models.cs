using System.Globalization;
using static NbTools.Tracking.FileStore.StoreFiles;

namespace NbTools.Tracking.FileStore;

/// <summary>
/// Listing and tagging registered models as MLflow's registry FileStore does: a model is
/// <c>models/&lt;name&gt;/meta.yaml</c>, its tags are files <c>models/&lt;name&gt;/tags/&lt;key&gt;</c> holding the
/// value (each change rewrites the model's meta.yaml with a new <c>last_updated_timestamp</c>), and a
/// version whose <c>current_stage</c> is <c>Deleted_Internal</c> is one MLflow deleted.
/// </summary>
public sealed partial class MlflowFileStore : IModelStore
{
    /// <summary>Longest registered-model tag value MLflow 2.22 accepts.</summary>
    public const int MaxModelTagValueLength = 5000;

    private const string DeletedStage = "Deleted_Internal";

    /// <summary>Opens an existing store to change its registry: refused as <see cref="OpenForReading"/> refuses, and nothing is created until something is written.</summary>
    public static MlflowFileStore OpenExisting(string root)
    {
        var reading = OpenForReading(root);
        return new MlflowFileStore(reading.Root, readOnly: false);
    }

    /// <inheritdoc/>
    public IReadOnlyList<RegisteredModelInfo> Models()
    {
        var folder = Path.Combine(Root, "models");
        if (!Directory.Exists(folder)) return [];
        return Directory.GetDirectories(folder)
            .Where(d => File.Exists(Path.Combine(d, "meta.yaml")))
            .Select(ReadModel)
            .OrderBy(m => m.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <inheritdoc/>
    public RegisteredModelInfo? GetModel(string name) => ModelFolder(name) is { } folder ? ReadModel(folder) : null;

    /// <inheritdoc/>
    public IReadOnlyList<ModelVersionRecord> Versions(string name) => ModelFolder(name) is { } folder ? VersionsIn(folder, name) : [];

    /// <inheritdoc/>
    public void SetModelTag(string name, string key, string value)
    {
        Writable();
        MlflowRules.CheckKey("tag", key);
        if (value.Length > MaxModelTagValueLength) throw new TrackingException($"tag '{key}' of model '{name}' is {value.Length} characters; MLflow allows {MaxModelTagValueLength}");
        var model = ModelFolder(name) ?? throw new TrackingException($"{Root}: no registered model named '{name}'");
        WithStoreLock(() =>
        {
            var path = Path.Combine(model, "tags", key.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            WriteAtomic(path, value);
            Touch(model, name, Now());
        });
    }

    private RegisteredModelInfo ReadModel(string folder)
    {
        var meta = ReadYaml(Path.Combine(folder, "meta.yaml"));
        var name = Get(meta, "name") ?? Path.GetFileName(folder);
        var aliases = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var (alias, path) in Keys(Path.Combine(folder, "aliases")))
        {
            if (int.TryParse(ReadText(path).Trim(), CultureInfo.InvariantCulture, out var version)) aliases[alias] = version;
        }
        var tags = Keys(Path.Combine(folder, "tags")).ToDictionary(t => t.Key, t => ReadText(t.Path), StringComparer.Ordinal);
        var versions = VersionsIn(folder, name);
        return new RegisteredModelInfo(name, Long(Get(meta, "creation_timestamp")), Long(Get(meta, "last_updated_timestamp")), tags, aliases, versions.Count == 0 ? null : versions[^1].Version);
    }

    private static List<ModelVersionRecord> VersionsIn(string folder, string name)
    {
        var versions = new List<ModelVersionRecord>();
        foreach (var directory in Directory.GetDirectories(folder, "version-*"))
        {
            var path = Path.Combine(directory, "meta.yaml");
            if (!int.TryParse(Path.GetFileName(directory)["version-".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var number) || !File.Exists(path)) continue;
            var meta = ReadYaml(path);
            var stage = Get(meta, "current_stage") ?? "None";
            if (stage == DeletedStage) continue;
            versions.Add(new ModelVersionRecord(name, number, Get(meta, "source") ?? "", Get(meta, "run_id"), Long(Get(meta, "creation_timestamp")), stage));
        }
        return versions.OrderBy(v => v.Version).ToList();
    }
}
