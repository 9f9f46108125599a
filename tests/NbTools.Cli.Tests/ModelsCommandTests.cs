using System.Text.Json.Nodes;
using NbTools.Tracking;
using NbTools.Tracking.Rest;

namespace NbTools.Cli.Tests;

/// <summary>nbtools models list|show|promote|rollback on MLflow's file store and on the MLflow stand-in server.</summary>
[Collection(FakeServerCollection.Name)]
public sealed class ModelsCommandTests : IDisposable
{
    private const string Model = "coffee-prices";
    private const string HistoryTag = "nbtools.alias_history.production";
    private readonly TempFolder temp = new();
    private readonly FakeMlflowServer server = new();

    public void Dispose()
    {
        server.Dispose();
        temp.Dispose();
    }

    public static TheoryData<string> Stores() => ["file", "server"];

    private string StoreUri(string kind) => kind == "file" ? temp.File("ml runs") : server.Url;

    private IModelStore Registry(string kind) => kind == "file"
        ? (IModelStore)Tracker.Open(StoreUri(kind)).Store
        : new MlflowRestStore(new Uri(server.Url), new MlflowRestOptions { BackoffDelay = TimeSpan.FromMilliseconds(5), MaxRetries = 2, Username = null, Password = null, Token = null });

    /// <summary>Three runs, each registering a version of the model, as the coffee-prices notebook does.</summary>
    private List<ModelVersionInfo> Register(string kind, int count = 3)
    {
        var tracker = new Tracker((ITrackingStore)Registry(kind));
        File.WriteAllText(temp.File("model.json"), "{\"quantile\": 0.5}");
        return Enumerable.Range(1, count).Select(i => tracker.Track("coffee", $"q{i}", run => run.LogArtifact(temp.File("model.json"), "model").RegisterModel("model", Model))).ToList();
    }

    private CliRun Nbtools(string kind, params string[] args) => CliRun.InProcess([.. args, "--store", StoreUri(kind)]);

    private static void AssertOneLineError(CliRun run, string expected)
    {
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Out);
        var line = Assert.Single(run.Error.TrimEnd().Split('\n'));
        Assert.StartsWith("nbtools: error: ", line);
        Assert.Contains(expected, line);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public void A_mistaken_promotion_rolls_back_to_the_version_production_pointed_at_before(string kind)
    {
        var versions = Register(kind);
        Assert.Equal(0, Nbtools(kind, "models", "promote", Model, "1", "--alias", "production").ExitCode);
        var mistake = Nbtools(kind, "models", "promote", Model, "3", "--alias", "production");
        Assert.Equal(0, mistake.ExitCode);
        Assert.Equal($"{Model}: production version 1 -> version 3\n", mistake.Out);
        Assert.Equal(3, Registry(kind).GetByAlias(Model, "production")!.Version);

        var rollback = Nbtools(kind, "models", "rollback", Model, "--alias", "production");
        Assert.Equal(0, rollback.ExitCode);
        Assert.Equal($"{Model}: production version 3 -> version 1 (rolled back)\n", rollback.Out);

        // MLflow's own reading of the store agrees: the alias and the history tag, through the registry API.
        var production = Registry(kind).GetByAlias(Model, "production")!;
        Assert.Equal((1, versions[0].RunId), (production.Version, production.RunId));
        Assert.Equal("[1]", Registry(kind).GetModel(Model)!.Tags[HistoryTag]);
        var show = Nbtools(kind, "models", "show", Model);
        Assert.Equal(0, show.ExitCode);
        Assert.Contains("  production -> version 1  (history: 1)", show.Out);
        Assert.Matches($@"\n  1  created \d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d UTC  run {versions[0].RunId}  \[production\]\n     source {System.Text.RegularExpressions.Regex.Escape(versions[0].Source)}\n", show.Out);
        Assert.Contains($"  3  created ", show.Out);
        Assert.Contains($"  {HistoryTag} = [1]", show.Out);
        var list = Nbtools(kind, "models", "list");
        Assert.Equal(0, list.ExitCode);
        Assert.Matches($@"(?m)^{Model}\s+3\s+production=1\s+\d{{4}}-", list.Out);

        // Nothing earlier than version 1: a second rollback is refused in one line and changes nothing.
        AssertOneLineError(Nbtools(kind, "models", "rollback", Model, "--alias", "production"), "no earlier version to roll back to");
        Assert.Equal(1, Registry(kind).GetByAlias(Model, "production")!.Version);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public void An_alias_another_client_moved_rolls_back_to_the_version_before_that_move(string kind)
    {
        Register(kind);
        Nbtools(kind, "models", "promote", Model, "1", "--alias", "production");
        Nbtools(kind, "models", "promote", Model, "2", "--alias", "production");
        Registry(kind).SetAlias(Model, "production", 3); // MLflow's client, which keeps no history
        Assert.Equal(0, Nbtools(kind, "models", "rollback", Model, "--alias", "production").ExitCode);
        Assert.Equal(2, Registry(kind).GetByAlias(Model, "production")!.Version);
        Assert.Equal("[1, 2]", Registry(kind).GetModel(Model)!.Tags[HistoryTag]);
        var again = Nbtools(kind, "models", "promote", Model, "2", "--alias", "production");
        Assert.Equal($"{Model}: production already points at version 2; nothing changed\n", again.Out);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public void Unknown_models_versions_and_aliases_and_a_rollback_without_history_are_one_line_errors(string kind)
    {
        Register(kind, count: 2);
        Registry(kind).SetAlias(Model, "staging", 2); // set by MLflow's client: no history
        var before = kind == "file" ? MlflowWrittenStore.Snapshot(StoreUri(kind)) : null;
        AssertOneLineError(Nbtools(kind, "models", "show", "no-such-model"), "no registered model named 'no-such-model'");
        AssertOneLineError(Nbtools(kind, "models", "promote", "no-such-model", "1", "--alias", "production"), "no registered model named 'no-such-model'");
        AssertOneLineError(Nbtools(kind, "models", "promote", Model, "9", "--alias", "production"), $"model '{Model}' has no version 9 (it has 1, 2)");
        AssertOneLineError(Nbtools(kind, "models", "rollback", Model, "--alias", "production"), $"model '{Model}' has no alias 'production'");
        AssertOneLineError(Nbtools(kind, "models", "rollback", Model, "--alias", "staging"), "no earlier version to roll back to");
        AssertOneLineError(Nbtools(kind, "models", "promote", Model, "1", "--alias", "latest"), "reserved by MLflow");
        Assert.Equal(2, Nbtools(kind, "models", "promote", Model, "one", "--alias", "production").ExitCode);
        Assert.Equal(2, Registry(kind).GetByAlias(Model, "staging")!.Version);
        Assert.Null(Registry(kind).GetByAlias(Model, "production"));
        if (before is not null) Assert.Equal(before, MlflowWrittenStore.Snapshot(StoreUri(kind)));
    }

    [Fact]
    public void The_history_is_a_registered_model_tag_written_as_mlflows_file_store_writes_it()
    {
        var store = temp.File("mlruns");
        CopyFolder(MlflowWrittenStore.Folder, store); // written by MLflow 2.22: py-model, champion moved from 2 back to 1
        var show = CliRun.InProcess("models", "show", "py-model", "--store", store);
        Assert.Equal(0, show.ExitCode);
        Assert.Contains("  champion -> version 1\n", show.Out);
        Assert.Contains($"  2  created 2026-", show.Out);
        Assert.Contains($"run {MlflowWrittenStore.SecondRun}", show.Out);
        Assert.Contains($"run {MlflowWrittenStore.MainRun}  [champion]", show.Out);

        Assert.Equal(0, CliRun.InProcess("models", "promote", "py-model", "2", "--alias", "champion", "--store", store).ExitCode);
        var model = Path.Combine(store, "models", "py-model");
        Assert.Equal("[1, 2]", File.ReadAllText(Path.Combine(model, "tags", "nbtools.alias_history.champion"))); // the value only, as MLflow's write_to
        Assert.Equal("2", File.ReadAllText(Path.Combine(model, "aliases", "champion")));
        Assert.Matches(@"^aliases:\n  champion: '2'\ncreation_timestamp: 1796053908743\ndescription: null\nlast_updated_timestamp: \d{13}\nname: py-model\n$", File.ReadAllText(Path.Combine(model, "meta.yaml")));
        Assert.Equal(0, CliRun.InProcess("models", "rollback", "py-model", "--alias", "champion", "--store", store).ExitCode);
        Assert.Equal("1", File.ReadAllText(Path.Combine(model, "aliases", "champion")));
        Assert.Equal("[1]", File.ReadAllText(Path.Combine(model, "tags", "nbtools.alias_history.champion")));
        Assert.False(Directory.Exists(Path.Combine(store, ".trash"))); // opening a store to promote creates none of what opening one to log does
    }

    [Fact]
    public void On_a_server_the_history_goes_through_set_tag_and_versions_through_search()
    {
        Register("server", count: 2);
        Assert.Equal(0, Nbtools("server", "models", "promote", Model, "2", "--alias", "production").ExitCode);
        var setTag = Assert.Single(server.Requests, r => r.Path == "/api/2.0/mlflow/registered-models/set-tag");
        Assert.Equal("POST", setTag.Method);
        var body = JsonNode.Parse(setTag.Body)!;
        Assert.Equal((Model, HistoryTag, "[2]"), ((string)body["name"]!, (string)body["key"]!, (string)body["value"]!));
        Assert.Contains(server.Requests, r => r.Method == "GET" && r.Path.StartsWith("/api/2.0/mlflow/model-versions/search?filter=name%3D%27coffee-prices%27", StringComparison.Ordinal));
        Assert.Equal("[2]", server.ModelTags[Model][HistoryTag]);
        // Paged answers (the stand-in gives one item a page) are followed to the end.
        Register("server", count: 1);
        var list = Nbtools("server", "models", "list");
        Assert.Matches($@"(?m)^{Model}\s+3\s+production=2", list.Out);
        Assert.Equal("no registered models in " + temp.File("empty"), CliRun.InProcess("models", "list", "--store", CreateEmptyStore()).Out.TrimEnd());
    }

    private string CreateEmptyStore()
    {
        Tracker.Open(temp.File("empty"));
        return temp.File("empty");
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var directory in Directory.GetDirectories(from, "*", SearchOption.AllDirectories)) Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, directory)));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories)) File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }
}
