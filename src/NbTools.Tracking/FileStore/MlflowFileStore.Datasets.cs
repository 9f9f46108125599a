using System.Security.Cryptography;
using System.Text;
using static NbTools.Tracking.FileStore.StoreFiles;

namespace NbTools.Tracking.FileStore;

/// <summary>
/// Dataset inputs as MLflow 2.22's FileStore keeps them: the dataset once per experiment in
/// <c>&lt;exp&gt;/datasets/&lt;md5(name + digest)&gt;/meta.yaml</c> (digest, name, profile, schema, source,
/// source_type) and the link in <c>&lt;run&gt;/inputs/&lt;md5(dataset id + run id)&gt;/meta.yaml</c>
/// (destination_id, destination_type RUN, source_id, source_type DATASET, tags). MLflow 2.22 writes the
/// dataset's id as <c>destination_id</c> too (seen in a store it wrote); so does this store, and readers
/// find the dataset by <c>source_id</c>, as MLflow does.
/// </summary>
public sealed partial class MlflowFileStore
{
    /// <inheritdoc/>
    public void LogDatasetInput(string runId, string name, string digest, string sourceType, string source, string context) =>
        LogDatasetInput(runId, new DatasetInput(name, digest, sourceType, source, context));

    /// <summary>Records a dataset input with everything MLflow keeps of it, schema and profile included (MLflow's <c>log_input</c>).</summary>
    public void LogDatasetInput(string runId, DatasetInput input)
    {
        Writable();
        var (name, digest) = (input.Name, input.Digest);
        MlflowRules.CheckDataset(name, digest);
        var runFolder = RunFolder(runId);
        var datasetId = Md5Hex(name + digest);
        var datasetFolder = Path.Combine(Path.GetDirectoryName(runFolder)!, "datasets", datasetId);
        if (!File.Exists(Path.Combine(datasetFolder, "meta.yaml")))
        {
            Directory.CreateDirectory(datasetFolder);
            WriteAtomic(Path.Combine(datasetFolder, "meta.yaml"), PyYaml.Dump(new Dictionary<string, object?>
            {
                ["digest"] = digest,
                ["name"] = name,
                ["profile"] = input.Profile,
                ["schema"] = input.Schema,
                ["source"] = input.Source,
                ["source_type"] = input.SourceType,
            }));
        }
        var inputFolder = Path.Combine(runFolder, "inputs", Md5Hex(datasetId + runId));
        if (File.Exists(Path.Combine(inputFolder, "meta.yaml"))) return; // logged before: MLflow keeps the first
        Directory.CreateDirectory(inputFolder);
        WriteAtomic(Path.Combine(inputFolder, "meta.yaml"), PyYaml.Dump(new Dictionary<string, object?>
        {
            ["destination_id"] = datasetId,
            ["destination_type"] = "RUN",
            ["source_id"] = datasetId,
            ["source_type"] = "DATASET",
            ["tags"] = input.Context is null ? new Dictionary<string, string>() : new Dictionary<string, string>(StringComparer.Ordinal) { ["mlflow.data.context"] = input.Context },
        }));
    }

    private static string Md5Hex(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>The run's dataset inputs, each joined with its dataset in the experiment's <c>datasets/</c>.</summary>
    private static IReadOnlyList<DatasetInput> ReadInputs(string runFolder)
    {
        var inputs = Path.Combine(runFolder, "inputs");
        if (!Directory.Exists(inputs)) return [];
        var list = new List<DatasetInput>();
        foreach (var folder in Directory.GetDirectories(inputs).Order(StringComparer.Ordinal))
        {
            var meta = Path.Combine(folder, "meta.yaml");
            if (!File.Exists(meta)) continue;
            var link = ReadYaml(meta);
            if (Get(link, "source_type") != "DATASET" || Get(link, "source_id") is not { } datasetId) continue;
            var datasetMeta = Path.Combine(Path.GetDirectoryName(runFolder)!, "datasets", datasetId, "meta.yaml");
            if (!File.Exists(datasetMeta)) throw new TrackingException($"{meta}: names dataset {datasetId}, but {datasetMeta} is missing");
            var dataset = ReadYaml(datasetMeta);
            list.Add(new DatasetInput(Get(dataset, "name") ?? "", Get(dataset, "digest") ?? "", Get(dataset, "source_type") ?? "", Get(dataset, "source") ?? "",
                Map(link, "tags").GetValueOrDefault("mlflow.data.context"), Get(dataset, "schema"), Get(dataset, "profile")));
        }
        return list.OrderBy(i => i.Name, StringComparer.Ordinal).ThenBy(i => i.Digest, StringComparer.Ordinal).ToList();
    }
}
