using System.Reflection;
using System.Security.Cryptography;
using NbTools.Tracking.FileStore;
using NbTools.Tracking.Versions;

namespace NbTools.Tracking;

/// <summary>
/// Where runs are logged. <see cref="Open(string?)"/> picks the store as MLflow does: the given URI, else
/// <c>MLFLOW_TRACKING_URI</c>, else <c>./mlruns</c>. A path or <c>file:</c> URI is MLflow's file store;
/// an <c>http(s)://</c> URL is an MLflow tracking server (REST API 2.0).
/// </summary>
public sealed class Tracker
{
    /// <summary>A tracker logging to a store of your own.</summary>
    public Tracker(ITrackingStore store) => Store = store;

    /// <summary>The store runs go to.</summary>
    public ITrackingStore Store { get; }

    /// <summary>The store's model registry (the file store's <c>models/</c>, or the server's registry).</summary>
    public IModelRegistry Registry => Store as IModelRegistry ?? throw new TrackingException($"{Store.Location}: this store has no model registry");

    /// <summary>The store as MLflow's file store (to read runs back), or an error for a server store.</summary>
    public MlflowFileStore FileStore => Store as MlflowFileStore ?? throw new TrackingException($"{Store.Location}: not a file store");

    /// <summary>Opens the store at <paramref name="uri"/>, <c>MLFLOW_TRACKING_URI</c> or <c>./mlruns</c>.</summary>
    public static Tracker Open(string? uri = null) => Open(uri, null);

    /// <summary>Opens the store at <paramref name="uri"/>, <c>MLFLOW_TRACKING_URI</c> or <c>./mlruns</c>; a server store connects with <paramref name="serverOptions"/>.</summary>
    public static Tracker Open(string? uri, Rest.MlflowRestOptions? serverOptions)
    {
        var (server, folder) = Resolve(uri);
        return new Tracker(server is not null ? new Rest.MlflowRestStore(server, serverOptions) : new MlflowFileStore(folder!));
    }

    /// <summary>
    /// Opens a store to read runs back without writing anything: a file store must exist and be an
    /// MLflow store (nothing is created in it), a server is only asked.
    /// </summary>
    public static IRunReader OpenForReading(string? uri = null, Rest.MlflowRestOptions? serverOptions = null)
    {
        var (server, folder) = Resolve(uri);
        return server is not null ? new Rest.MlflowRestStore(server, serverOptions) : MlflowFileStore.OpenForReading(folder!);
    }

    /// <summary>
    /// Opens a store's model registry to list models and move aliases: a file store must exist and be an
    /// MLflow store (nothing is created in it until an alias or tag is written), a server is asked.
    /// </summary>
    public static IModelStore OpenModels(string? uri = null, Rest.MlflowRestOptions? serverOptions = null)
    {
        var (server, folder) = Resolve(uri);
        return server is not null ? new Rest.MlflowRestStore(server, serverOptions) : MlflowFileStore.OpenExisting(folder!);
    }

    /// <summary>The store a URI names as MLflow reads it: an http(s) server, or a folder (a path or a file: URI).</summary>
    private static (Uri? Server, string? Folder) Resolve(string? uri)
    {
        uri ??= Environment.GetEnvironmentVariable("MLFLOW_TRACKING_URI");
        if (string.IsNullOrEmpty(uri)) uri = "mlruns";
        if (uri.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || uri.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return Uri.TryCreate(uri, UriKind.Absolute, out var server) ? (server, null) : throw new TrackingException($"{uri}: not a valid server URL");
        }
        if (uri.StartsWith("file:", StringComparison.OrdinalIgnoreCase)) return (null, new Uri(uri).LocalPath);
        if (uri.Contains("://", StringComparison.Ordinal)) throw new TrackingException($"{uri}: unsupported tracking URI; use a folder, a file: URI or an MLflow server's http(s):// URL");
        return (null, uri);
    }

    /// <summary>
    /// Starts a run in an experiment (created on demand; <c>MLFLOW_EXPERIMENT_NAME</c> or "Default" when
    /// none is named), tagged with the user, host, source and – when the source is in a git repository –
    /// the commit, branch, remote and dirty flag. A child run names its parent.
    /// </summary>
    /// <param name="experiment">Experiment name.</param>
    /// <param name="runName">Run name (MLflow shows it).</param>
    /// <param name="source">The notebook or script the run comes from (its path and content digest are recorded); default: the entry assembly.</param>
    /// <param name="parent">The parent run of a nested run.</param>
    public Run StartRun(string? experiment = null, string? runName = null, string? source = null, Run? parent = null)
    {
        experiment ??= parent is not null ? null : Environment.GetEnvironmentVariable("MLFLOW_EXPERIMENT_NAME");
        var experimentId = parent?.ExperimentId ?? Store.GetOrCreateExperiment(string.IsNullOrEmpty(experiment) ? "Default" : experiment);
        var tags = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["mlflow.user"] = Environment.UserName,
            ["nbtools.host"] = Environment.MachineName,
        };
        string folder;
        if (source is null && parent is not null && parent.SourceTags.Count > 0)
        {
            // A nested run started inside its parent's code comes from the parent's notebook, not from the host process.
            foreach (var (key, value) in parent.SourceTags) tags[key] = value;
            folder = "";
        }
        else if (source is not null)
        {
            var full = Path.GetFullPath(source);
            tags["mlflow.source.name"] = full;
            tags["mlflow.source.type"] = full.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase) || full.EndsWith(".dib", StringComparison.OrdinalIgnoreCase) ? "NOTEBOOK" : "LOCAL";
            if (File.Exists(full)) tags["nbtools.source.digest"] = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(full)));
            folder = Path.GetDirectoryName(full) ?? Environment.CurrentDirectory;
        }
        else
        {
            var entry = Assembly.GetEntryAssembly();
            tags["mlflow.source.name"] = entry?.GetName().Name ?? "unknown";
            tags["mlflow.source.type"] = "LOCAL";
            var version = entry?.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
            if (version is not null) tags["nbtools.source.version"] = version; // the code version that survives packaging
            folder = Environment.CurrentDirectory;
        }
        if (folder.Length > 0 && GitInfo.Capture(folder) is { } git)
        {
            foreach (var (key, value) in git.Tags()) tags[key] = value;
        }
        if (parent is not null) tags["mlflow.parentRunId"] = parent.Id;
        var id = Store.CreateRun(experimentId, runName, Environment.UserName, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), tags);
        var sourceTags = tags.Where(t => t.Key.StartsWith("mlflow.source.", StringComparison.Ordinal) || t.Key.StartsWith("nbtools.source.", StringComparison.Ordinal))
            .ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
        return new Run(Store, id, experimentId, runName, sourceTags);
    }

    /// <summary>Runs <paramref name="work"/> in a new run: FINISHED when it returns, FAILED (and rethrown) when it throws.</summary>
    public T Track<T>(string experiment, string runName, Func<Run, T> work, string? source = null)
    {
        using var run = StartRun(experiment, runName, source);
        try
        {
            var result = work(run);
            run.End(RunStatus.Finished);
            return result;
        }
        catch
        {
            run.End(RunStatus.Failed);
            throw;
        }
    }

    /// <summary>Runs asynchronous <paramref name="work"/> in a new run: FINISHED when it completes, FAILED when it throws.</summary>
    public async Task TrackAsync(string experiment, string runName, Func<Run, Task> work, string? source = null)
    {
        using var run = StartRun(experiment, runName, source);
        try
        {
            await work(run).ConfigureAwait(false);
            run.End(RunStatus.Finished);
        }
        catch
        {
            run.End(RunStatus.Failed);
            throw;
        }
    }
}
