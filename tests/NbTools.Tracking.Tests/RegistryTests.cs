using NbTools.Tracking.Rest;

namespace NbTools.Tracking.Tests;

/// <summary>The model registry: versions, aliases, rolling back by moving an alias – in the file store and on a server.</summary>
[Collection(FakeServerCollection.Name)]
public sealed class RegistryTests : IDisposable
{
    private readonly TempFolder temp = new();
    private readonly FakeMlflowServer server = new();

    public void Dispose()
    {
        server.Dispose();
        temp.Dispose();
    }

    private static readonly MlflowRestOptions Quick = new() { BackoffDelay = TimeSpan.FromMilliseconds(5), MaxRetries = 2, Username = null, Password = null, Token = null };

    public static TheoryData<string> Stores() => ["file", "server"];

    private Tracker Open(string kind) => kind == "file" ? Tracker.Open(temp.File("mlruns")) : new Tracker(new MlflowRestStore(new Uri(server.Url), Quick));

    [Theory]
    [MemberData(nameof(Stores))]
    public void Rolling_back_a_model_is_moving_its_alias_back(string kind)
    {
        File.WriteAllText(temp.File("model.onnx"), "weights v1");
        var tracker = Open(kind);
        ModelVersionInfo Train(string label) => tracker.Track("models", label, run =>
        {
            run.LogArtifact(temp.File("model.onnx"), "model");
            return run.RegisterModel("model", "coffee-forecast", alias: "production");
        });
        var v1 = Train("v1");
        var v2 = Train("v2");
        Assert.Equal(1, v1.Version);
        Assert.Equal(2, v2.Version);
        Assert.EndsWith("/artifacts/model", v2.Source);
        Assert.Equal(2, tracker.Registry.GetByAlias("coffee-forecast", "production")!.Version);

        tracker.Registry.SetAlias("coffee-forecast", "production", 1); // v2 misbehaves: roll back
        var production = tracker.Registry.GetByAlias("coffee-forecast", "production")!;
        Assert.Equal(1, production.Version);
        Assert.Equal(v1.Source, production.Source);
        Assert.Equal(v1.RunId, production.RunId);

        tracker.Registry.DeleteAlias("coffee-forecast", "production");
        Assert.Null(tracker.Registry.GetByAlias("coffee-forecast", "production"));
        Assert.Null(tracker.Registry.GetByAlias("no-such-model", "production")); // the same answer from both stores
    }

    [Fact]
    public void Deleting_an_alias_on_a_server_sends_its_arguments_as_a_json_body()
    {
        var registry = Open("server").Registry;
        registry.CreateModelVersion("m", "mlflow-artifacts:/1/r/artifacts/model", null);
        registry.SetAlias("m", "production", 1);
        registry.DeleteAlias("m", "production");
        var delete = Assert.Single(server.Requests, r => r.Method == "DELETE");
        Assert.Equal("/api/2.0/mlflow/registered-models/alias", delete.Path); // nothing in the query string
        Assert.StartsWith("application/json", delete.ContentType);
        var body = System.Text.Json.Nodes.JsonNode.Parse(delete.Body)!;
        Assert.Equal(("m", "production"), ((string)body["name"]!, (string)body["alias"]!));
        Assert.Empty(server.Models["m"].Aliases);
    }

    [Fact]
    public void The_file_registry_is_laid_out_as_mlflows()
    {
        var tracker = Open("file");
        File.WriteAllText(temp.File("m.bin"), "m");
        var version = tracker.Track("models", "r", run => run.LogArtifact(temp.File("m.bin"), "model").RegisterModel("model", "churn", "staging"));
        var model = Path.Combine(temp.File("mlruns"), "models", "churn");
        Assert.Matches(@"^aliases:\n  staging: '1'\ncreation_timestamp: \d{13}\ndescription: null\nlast_updated_timestamp: \d{13}\nname: churn\n$", File.ReadAllText(Path.Combine(model, "meta.yaml")));
        Assert.Matches(
            $@"^aliases: \[\]\ncreation_timestamp: \d{{13}}\ncurrent_stage: None\ndescription: null\nlast_updated_timestamp: \d{{13}}\nname: churn\nrun_id: {version.RunId}\nrun_link: null\n" +
            $@"source: file:///\S+/artifacts/model\nstatus: READY\nstatus_message: null\nstorage_location: file:///\S+/artifacts/model\nuser_id: null\nversion: 1\n$",
            File.ReadAllText(Path.Combine(model, "version-1", "meta.yaml")));
        Assert.Equal("1", File.ReadAllText(Path.Combine(model, "aliases", "staging")));
    }

    [Theory]
    [InlineData("latest")]
    [InlineData("v3")]
    [InlineData("has space")]
    public void Reserved_and_malformed_aliases_are_refused(string alias)
    {
        var tracker = Open("file");
        Assert.Throws<TrackingException>(() => tracker.Registry.SetAlias("m", alias, 1));
    }

    [Fact]
    public void An_alias_cannot_point_at_a_version_that_does_not_exist()
    {
        var tracker = Open("file");
        tracker.Registry.CreateModelVersion("m", "file:///x", null);
        var error = Assert.Throws<TrackingException>(() => tracker.Registry.SetAlias("m", "production", 7));
        Assert.Contains("no version 7", error.Message);
    }
}
