using System.Text;
using NbTools.Tracking.Rest;

namespace NbTools.Tracking.Tests;

/// <summary>The MLflow server client against a local server that answers as the recorded MLflow 2.22 server.</summary>
[Collection(FakeServerCollection.Name)]
public sealed class RestStoreTests : IDisposable
{
    private readonly FakeMlflowServer server = new();
    private readonly TempFolder temp = new();

    public void Dispose()
    {
        server.Dispose();
        temp.Dispose();
    }

    private static readonly MlflowRestOptions Quick = new() { BackoffDelay = TimeSpan.FromMilliseconds(5), MaxRetries = 3, Username = null, Password = null, Token = null };

    private Tracker Open(MlflowRestOptions? options = null) => new(new MlflowRestStore(new Uri(server.Url), options ?? Quick));

    [Fact]
    public void A_run_logged_through_the_server_carries_every_param_metric_tag_and_artifact()
    {
        File.WriteAllText(temp.File("weights.txt"), "hello weights");
        var tracker = Open();
        var runId = tracker.Track("nbtools-demo", "extract-1", run =>
        {
            run.LogParam("lr", 0.01).LogParams([new("epochs", 10), new("optimizer", "adam")]);
            for (var step = 0; step < 5; step++) run.LogMetric("loss", 1.0 / (step + 1), step);
            run.LogMetric("acc", double.NaN, 2);
            run.SetTag("stage", "dev");
            run.LogArtifact(temp.File("weights.txt"), "model");
            return run.Id;
        });
        var experiment = Assert.Single(server.Experiments.Values, e => e.Id != "0");
        Assert.Equal("nbtools-demo", experiment.Name);
        var logged = server.Runs[runId];
        Assert.Equal(experiment.Id, logged.ExperimentId);
        Assert.Equal("FINISHED", logged.Status);
        Assert.NotNull(logged.EndTime);
        Assert.Equal(new Dictionary<string, string> { ["lr"] = "0.01", ["epochs"] = "10", ["optimizer"] = "adam" }, logged.Params);
        Assert.Equal([0L, 1, 2, 3, 4], logged.Metrics.Where(m => m.Key == "loss").Select(m => m.Step));
        Assert.Equal("NaN", (string)logged.Metrics.Single(m => m.Key == "acc").Value!); // MLflow's spelling on the wire
        Assert.Equal("dev", logged.Tags["stage"]);
        Assert.Equal("extract-1", logged.Tags["mlflow.runName"]);
        Assert.Equal(Environment.UserName, logged.Tags["mlflow.user"]);
        Assert.Equal("hello weights", Encoding.UTF8.GetString(server.Artifacts[$"{experiment.Id}/{runId}/artifacts/model/weights.txt"]));
        Assert.All(server.Requests.Where(r => r.Method == "POST"), r => Assert.StartsWith("application/json", r.ContentType));
    }

    [Fact]
    public void A_dataset_reaches_the_server_as_a_dataset_input_with_its_dvc_digest()
    {
        Directory.CreateDirectory(temp.File("data"));
        File.WriteAllText(temp.File("data/foo"), "foo");
        File.WriteAllText(temp.File("data/bar"), "bar");
        File.WriteAllText(temp.File("data.dvc"), "outs:\n- md5: 5ea40360f5b4ec688df672a4db9c17d1.dir\n  size: 6\n  nfiles: 2\n  hash: md5\n  path: data\n");
        var run = Open().StartRun("datasets");
        run.LogDataset(temp.File("data"), context: "evaluation");
        run.End();
        var input = Assert.Single(server.Runs[run.Id].Inputs);
        Assert.Equal("evaluation", (string)input["tags"]![0]!["value"]!);
        Assert.Equal("mlflow.data.context", (string)input["tags"]![0]!["key"]!);
        var dataset = input["dataset"]!;
        Assert.Equal("data", (string)dataset["name"]!);
        Assert.Equal("5ea40360f5b4ec688df672a4db9c17d1.dir", (string)dataset["digest"]!); // 36 characters: MLflow's limit
        Assert.Equal("dvc", (string)dataset["source_type"]!);
        var source = System.Text.Json.Nodes.JsonNode.Parse((string)dataset["source"]!)!;
        Assert.Equal(temp.File("data"), (string)source["path"]!);
        Assert.Equal("5ea40360f5b4ec688df672a4db9c17d1.dir", (string)source["dvc_md5"]!);
        Assert.Equal("5ea40360f5b4ec688df672a4db9c17d1.dir", server.Runs[run.Id].Params["dvc.data.md5"]);
    }

    [Fact]
    public void An_existing_experiment_is_found_by_name_and_an_unknown_one_created()
    {
        var tracker = Open();
        var first = tracker.StartRun("shared-exp");
        first.End();
        var second = tracker.StartRun("shared-exp");
        second.End();
        Assert.Single(server.Experiments.Values, e => e.Name == "shared-exp");
        Assert.Equal(server.Runs[first.Id].ExperimentId, server.Runs[second.Id].ExperimentId);
        Assert.Single(server.Requests, r => r.Path.StartsWith("/api/2.0/mlflow/experiments/create", StringComparison.Ordinal));
    }

    [Fact]
    public void Batches_are_split_at_mlflows_limits()
    {
        var tracker = Open();
        var run = tracker.StartRun("batches");
        run.LogParams(Enumerable.Range(0, 250).Select(i => new KeyValuePair<string, object>($"p{i}", i)));
        for (var step = 0; step < 2500; step++) run.LogMetric("m", step, step);
        run.End();
        var batches = server.Requests.Where(r => r.Path == "/api/2.0/mlflow/runs/log-batch").Select(r => System.Text.Json.Nodes.JsonNode.Parse(r.Body)!).ToList();
        Assert.Equal([100, 100, 50], batches.Where(b => b["params"] is not null).Select(b => b["params"]!.AsArray().Count));
        Assert.Equal([1000, 1000, 500], batches.Where(b => b["metrics"] is not null).Select(b => b["metrics"]!.AsArray().Count));
        Assert.Equal(250, server.Runs[run.Id].Params.Count);
        Assert.Equal(Enumerable.Range(0, 2500).Select(i => (long)i), server.Runs[run.Id].Metrics.Select(m => m.Step));
    }

    [Fact]
    public void A_503_is_retried_and_nothing_is_lost()
    {
        var tracker = Open();
        var run = tracker.StartRun("flaky");
        run.LogMetric("loss", 0.5, 0);
        server.FailNext(503, 503);
        run.End(); // the flush meets two 503s, then succeeds
        Assert.Single(server.Runs[run.Id].Metrics);
        Assert.Equal("FINISHED", server.Runs[run.Id].Status);
        Assert.Equal(2, server.Requests.Count(r => r.Path == "/api/2.0/mlflow/runs/log-batch") - 1);
    }

    [Fact]
    public void An_outage_longer_than_the_retries_keeps_the_points_buffered_for_the_next_flush()
    {
        var tracker = Open();
        var run = tracker.StartRun("outage");
        run.LogMetric("loss", 0.5, 0).LogMetric("loss", 0.4, 1);
        server.FailNext(503, 503, 503, 503); // one try and three retries: all fail
        var error = Assert.Throws<TrackingException>(run.Flush);
        Assert.Contains("503", error.Message);
        run.End(); // the server is back
        Assert.Equal([0L, 1], server.Runs[run.Id].Metrics.Select(m => m.Step));
    }

    [Fact]
    public void Without_credentials_a_protected_server_gives_a_clear_401_and_with_them_it_works()
    {
        server.RequiredAuthorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:secret"));
        var error = Assert.Throws<TrackingException>(() => Open().StartRun("private"));
        Assert.Contains("401", error.Message);
        Assert.Contains("MLFLOW_TRACKING_USERNAME", error.Message);
        var run = Open(Quick with { Username = "alice", Password = "secret" }).StartRun("private");
        run.End();
        Assert.Equal("FINISHED", server.Runs[run.Id].Status);
        Assert.All(server.Requests.Where(r => r.Path.Contains("runs/", StringComparison.Ordinal)), r => Assert.Equal(server.RequiredAuthorization, r.Authorization));
    }

    [Fact]
    public void A_token_is_sent_as_bearer_when_no_user_and_password_are_set()
    {
        Open(Quick with { Token = "t0ken" }).StartRun("tokens").End();
        Assert.All(server.Requests, r => Assert.Equal("Bearer t0ken", r.Authorization));
    }

    [Fact]
    public void Server_errors_are_reported_with_mlflows_code_and_message()
    {
        var run = Open().StartRun("errors");
        run.LogParam("lr", 0.01);
        var changed = Assert.Throws<TrackingException>(() => run.LogParam("lr", 0.02));
        Assert.Contains("INVALID_PARAMETER_VALUE", changed.Message);
        Assert.Contains("Changing param values is not allowed", changed.Message);
        Assert.Throws<TrackingException>(() => run.LogParam("bad key!", "x")); // refused before it is sent
        Assert.DoesNotContain(server.Requests, r => r.Body.Contains("bad key!", StringComparison.Ordinal));
    }

    [Fact]
    public void A_server_that_does_not_answer_is_a_clear_error()
    {
        var port = server.Url;
        server.Dispose();
        var error = Assert.Throws<TrackingException>(() => Open(Quick with { MaxRetries = 1 }).StartRun("gone"));
        Assert.StartsWith(port, error.Message);
    }
}
