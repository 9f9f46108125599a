namespace NbTools.Tracking.Tests;

/// <summary>
/// IModelStore on a server – models, versions, tags and aliases read back through the client's own API
/// – so that the same test runs against a real MLflow server when NBTOOLS_MLFLOW_TEST_URI is set, and the
/// stand-in's registry answers are held to what the client needs from a real one. The same calls on the
/// file store must read back the same.
/// </summary>
[Collection(FakeServerCollection.Name)]
public sealed class ModelStoreContractTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    public static TheoryData<string> Kinds()
    {
        var kinds = MlflowTestServer.Kinds();
        kinds.Add("file");
        return kinds;
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Models_versions_tags_and_aliases_read_back(string kind)
    {
        using var server = kind == "file" ? null : MlflowTestServer.Start(kind);
        using var rest = server?.Store();
        var store = rest is not null ? (IModelStore)rest : (IModelStore)Tracker.Open(temp.File("mlruns")).Store;
        var model = MlflowTestServer.Unique("contract-model");
        var runId = new Tracker((ITrackingStore)store).Track(MlflowTestServer.Unique("contract"), "r", run => run.Id);
        var source = ((ITrackingStore)store).ArtifactUri(runId) + "/model";
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000;
        for (var i = 0; i < 3; i++) store.CreateModelVersion(model, source, runId);
        ModelAliases.Promote(store, model, 3, "production");
        ModelAliases.Promote(store, model, 2, "production");
        store.SetModelTag(model, "team", "pricing");

        var read = store.GetModel(model)!;
        Assert.Equal(model, read.Name);
        Assert.Equal(3, read.LatestVersion);
        Assert.Equal(2, read.Aliases["production"]);
        Assert.Equal(("pricing", "[3, 2]"), (read.Tags["team"], read.Tags["nbtools.alias_history.production"]));
        Assert.True(read.CreationTime > before && read.LastUpdatedTime >= read.CreationTime);
        var versions = store.Versions(model);
        Assert.Equal([1, 2, 3], versions.Select(v => v.Version));
        Assert.All(versions, v => Assert.Equal((source, runId, "None"), (v.Source, v.RunId, v.Stage)));
        Assert.All(versions, v => Assert.True(v.CreationTime > before));
        Assert.Contains(store.Models(), m => m.Name == model && m.LatestVersion == 3 && m.Aliases["production"] == 2);

        Assert.Equal(3, ModelAliases.Rollback(store, model, "production").To);
        Assert.Equal(3, store.GetByAlias(model, "production")!.Version);
        Assert.Null(store.GetModel(MlflowTestServer.Unique("no-such-model")));
        Assert.Empty(store.Versions(MlflowTestServer.Unique("no-such-model")));
    }
}
