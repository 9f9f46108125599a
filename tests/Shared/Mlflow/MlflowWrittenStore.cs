namespace NbTools.Tests.Support;

/// <summary>
/// ../shared/interop/mlflow/store-written-by-mlflow-2.22: a whole file store written by MLflow 2.22's own
/// Python API (README §9 there), read-only on disk. The ids below are the ones MLflow gave.
/// </summary>
public static class MlflowWrittenStore
{
    public static string Folder
    {
        get
        {
            var folder = Path.Combine(Corpus.SharedFolder, "interop", "mlflow", "store-written-by-mlflow-2.22");
            return Directory.Exists(folder) ? folder : throw new InvalidOperationException($"the shared test data is missing: {folder} does not exist (clone it beside the repository or set NBTOOLS_SHARED)");
        }
    }

    public const string ExperimentId = "250020215607160752";
    public const string MainRun = "ce0fb4de03fc4e169a1cb7a1e4f8e954";
    public const string ChildRun = "9176be4c028449098b1d8f2cfbef04d4";
    public const string FailedRun = "fee81d5190e1416e8ba55a5c1dbacfe3";
    public const string SecondRun = "d55d73dd394d40139ddcb85ac806d854";
    public const string DatasetId = "c393ece080438abe922cd283eae82acc";
    public const string InputId = "64d34ded0425c567dccf00974452837a";

    public static string RunFolder(string runId) => Path.Combine(Folder, ExperimentId, runId);

    /// <summary>Every file and folder below a folder, relative, with its bytes (null for a folder): to show that reading wrote nothing.</summary>
    public static SortedDictionary<string, byte[]?> Snapshot(string folder)
    {
        var entries = new SortedDictionary<string, byte[]?>(StringComparer.Ordinal);
        if (!Directory.Exists(folder)) return entries;
        foreach (var entry in Directory.GetFileSystemEntries(folder, "*", SearchOption.AllDirectories))
        {
            entries[Path.GetRelativePath(folder, entry)] = File.Exists(entry) ? File.ReadAllBytes(entry) : null;
        }
        return entries;
    }
}
