namespace NbTools.Tracking;

/// <summary>
/// A model registry that can also be listed and tagged: MLflow's file registry (<c>models/</c>) or a
/// tracking server's registry. Both <see cref="FileStore.MlflowFileStore"/> and
/// <see cref="Rest.MlflowRestStore"/> are one.
/// </summary>
public interface IModelStore : IModelRegistry
{
    /// <summary>The store's location (a folder or a server URL), for messages.</summary>
    string Location { get; }

    /// <summary>Every registered model, by name.</summary>
    IReadOnlyList<RegisteredModelInfo> Models();

    /// <summary>One registered model, or null when there is none of that name.</summary>
    RegisteredModelInfo? GetModel(string name);

    /// <summary>The model's versions (deleted ones left out), by number; empty for an unknown model.</summary>
    IReadOnlyList<ModelVersionRecord> Versions(string name);

    /// <summary>Sets a registered-model tag with MLflow's own call (<c>registered-models/set-tag</c>; <c>models/&lt;name&gt;/tags/&lt;key&gt;</c> in the file store).</summary>
    void SetModelTag(string name, string key, string value);
}
