using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using NbTools.Tracking.Rest;

namespace NbTools.Tracking.Tests;

/// <summary>
/// What the REST client relies on, checked through the client's own reading API (never the stand-in's
/// insides), so that the same tests run against a real MLflow server when NBTOOLS_MLFLOW_TEST_URI is set.
/// </summary>
[Collection(FakeServerCollection.Name)]
public sealed class MlflowServerContractTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    public static TheoryData<string> Kinds() => MlflowTestServer.Kinds();

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_run_reads_back_with_its_user_params_metrics_tags_dataset_and_artifacts(string kind)
    {
        using var server = MlflowTestServer.Start(kind);
        using var store = server.Store();
        File.WriteAllText(temp.File("weights.txt"), "hello weights");
        File.WriteAllText(temp.File("prices.csv"), "month,price\n1,2.5\n");
        var experiment = MlflowTestServer.Unique("contract");
        var runId = new Tracker(store).Track(experiment, "extract-1", run =>
        {
            run.LogParam("lr", 0.01).LogParam("note", "line1\nline2");
            for (var step = 0; step < 3; step++) run.LogMetric("loss", 1.0 / (step + 1), step);
            run.LogMetric("acc", double.NaN, 1).LogMetric("big", double.PositiveInfinity, 1);
            run.SetTag("stage", "dev");
            run.LogArtifact(temp.File("weights.txt"), "model");
            run.LogDataset(temp.File("prices.csv"), context: "evaluation");
            return run.Id;
        });
        var read = store.GetRun(runId);
        Assert.Equal(RunStatus.Finished, read.Status);
        Assert.Equal(Environment.UserName, read.UserId); // sent as MLflow's client sends it: attributes.user_id filters match
        Assert.Equal("0.01", read.Params["lr"]);
        Assert.Equal("line1\nline2", read.Params["note"]);
        Assert.Equal([1.0, 0.5, 1.0 / 3], read.Metrics["loss"].Select(p => p.Value));
        Assert.True(double.IsNaN(read.LatestMetrics["acc"]));
        Assert.True(read.LatestMetrics["big"] is double.PositiveInfinity or double.MaxValue); // a SQL-backed server keeps +inf as MaxValue
        Assert.Equal("dev", read.Tags["stage"]);
        Assert.Equal("extract-1", read.Tags["mlflow.runName"]);
        var input = Assert.Single(read.Inputs);
        Assert.Equal(("prices.csv", "local", "evaluation"), (input.Name, input.SourceType, input.Context));
        Assert.Equal(NbTools.Tracking.Versions.DvcDigest.Of(temp.File("prices.csv")), input.Digest);
        Assert.Equal([new("model/weights.txt", 13)], store.Artifacts(runId));
        Assert.Contains(store.Runs(experiment), r => r.RunId == runId && r.Inputs.Count == 1);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void An_alias_is_set_moved_read_and_deleted(string kind)
    {
        using var server = MlflowTestServer.Start(kind);
        using var store = server.Store();
        var model = MlflowTestServer.Unique("contract-model");
        var runId = new Tracker(store).Track(MlflowTestServer.Unique("contract"), "r", run => run.Id);
        var source = store.ArtifactUri(runId) + "/model";
        Assert.Equal(1, store.CreateModelVersion(model, source, runId).Version);
        Assert.Equal(2, store.CreateModelVersion(model, source, runId).Version);
        store.SetAlias(model, "champion", 2);
        store.SetAlias(model, "champion", 1);
        Assert.Equal((1, runId), (store.GetByAlias(model, "champion")!.Version, store.GetByAlias(model, "champion")!.RunId));
        store.DeleteAlias(model, "champion");
        Assert.Null(store.GetByAlias(model, "champion"));
        Assert.Null(store.GetByAlias(MlflowTestServer.Unique("no-such-model"), "champion"));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Arguments_are_read_from_the_query_only_for_get_and_from_the_json_body_otherwise(string kind)
    {
        using var server = MlflowTestServer.Start(kind);
        using var store = server.Store();
        var (model, runId) = ModelWithOneVersion(store);
        store.SetAlias(model, "champion", 1);
        using var http = Api(server);
        var query = $"?name={Uri.EscapeDataString(model)}&alias=champion";

        var deleteWithQuery = await http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "registered-models/alias" + query));
        Assert.Equal(HttpStatusCode.BadRequest, deleteWithQuery.StatusCode); // what real MLflow answers (README §9)
        var error = JsonNode.Parse(await deleteWithQuery.Content.ReadAsStringAsync())!;
        Assert.Equal("INVALID_PARAMETER_VALUE", (string)error["error_code"]!);
        Assert.StartsWith("Missing value for required parameter 'name'", (string)error["message"]!);
        Assert.Equal(1, store.GetByAlias(model, "champion")!.Version); // untouched

        var postWithQuery = await http.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"runs/log-batch?run_id={runId}") { Content = new StringContent("{}", Encoding.UTF8, "application/json") });
        Assert.Equal(HttpStatusCode.BadRequest, postWithQuery.StatusCode);
        Assert.Contains("'run_id'", await postWithQuery.Content.ReadAsStringAsync());

        var getWithQuery = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "registered-models/alias" + query));
        Assert.Equal(HttpStatusCode.OK, getWithQuery.StatusCode);

        var deleteWithBody = await http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "registered-models/alias")
        {
            Content = new StringContent(new JsonObject { ["name"] = model, ["alias"] = "champion" }.ToJsonString(), Encoding.UTF8, "application/json"),
        });
        Assert.Equal(HttpStatusCode.OK, deleteWithBody.StatusCode);
        Assert.Null(store.GetByAlias(model, "champion"));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_reserved_or_malformed_alias_is_refused_by_the_server_itself(string kind)
    {
        using var server = MlflowTestServer.Start(kind);
        using var store = server.Store();
        var (model, runId) = ModelWithOneVersion(store);
        using var http = Api(server);
        // Straight to the server: the client refuses these names before sending them.
        foreach (var (alias, message) in new[]
                 {
                     ("Latest", "'latest' alias name (case insensitive) is reserved."),
                     ("v1", "Version alias name 'v1' is reserved."),
                     ("in production", "Invalid alias name: 'in production'. Names may only contain alphanumerics, underscores (_), and dashes (-)."),
                 })
        {
            var set = await http.PostAsync("registered-models/alias", new StringContent(new JsonObject { ["name"] = model, ["alias"] = alias, ["version"] = "1" }.ToJsonString(), Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, set.StatusCode);
            var error = JsonNode.Parse(await set.Content.ReadAsStringAsync())!;
            Assert.Equal("INVALID_PARAMETER_VALUE", (string)error["error_code"]!);
            Assert.Equal(message, (string)error["message"]!);
        }
        Assert.Empty(store.GetModel(model)!.Aliases);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_model_named_with_quotes_lists_its_versions(string kind)
    {
        using var server = MlflowTestServer.Start(kind);
        using var store = server.Store();
        var model = MlflowTestServer.Unique("Ana's \"best\" model").Replace("\"", "", StringComparison.Ordinal);
        var runId = new Tracker(store).Track(MlflowTestServer.Unique("contract"), "r", run => run.Id);
        store.CreateModelVersion(model, store.ArtifactUri(runId) + "/model", runId);
        store.CreateModelVersion(model, store.ArtifactUri(runId) + "/model-2", runId);
        Assert.Equal([1, 2], store.Versions(model).Select(v => v.Version));
        Assert.All(store.Versions(model), v => Assert.Equal(model, v.Name));
        var both = MlflowTestServer.Unique("Ana's \"best\" model");
        store.CreateModelVersion(both, store.ArtifactUri(runId) + "/model", runId);
        var error = Assert.Throws<TrackingException>(() => store.Versions(both));
        Assert.Contains("holds both ' and \"", error.Message);
    }

    /// <summary>A new registered model whose version 1 comes from a new run: the arrange of the registry contracts.</summary>
    private static (string Model, string RunId) ModelWithOneVersion(MlflowRestStore store)
    {
        var model = MlflowTestServer.Unique("contract-model");
        var runId = new Tracker(store).Track(MlflowTestServer.Unique("contract"), "r", run => run.Id);
        store.CreateModelVersion(model, store.ArtifactUri(runId) + "/model", runId);
        return (model, runId);
    }

    private static HttpClient Api(MlflowTestServer server)
    {
        var http = new HttpClient { BaseAddress = new Uri(server.Url.TrimEnd('/') + "/api/2.0/mlflow/") };
        if (server.Options.Username is { } user && server.Options.Password is { } password)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        }
        return http;
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_changed_param_and_an_invalid_key_are_refused_with_mlflows_message(string kind)
    {
        using var server = MlflowTestServer.Start(kind);
        using var store = server.Store();
        var run = new Tracker(store).StartRun(MlflowTestServer.Unique("contract"));
        run.LogParam("lr", 0.01);
        var changed = Assert.Throws<TrackingException>(() => run.LogParam("lr", 0.02));
        Assert.Contains("INVALID_PARAMETER_VALUE", changed.Message);
        Assert.Contains("Changing param values is not allowed", changed.Message);
        run.End();
    }
}
