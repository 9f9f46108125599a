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
        DvcFolder.Write(temp);
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
    public void Each_retry_of_a_failing_server_is_reported()
    {
        var told = new List<string>();
        var run = Open(Quick with { OnRetry = told.Add }).StartRun("flaky");
        server.FailNext(503, 503);
        run.End();
        Assert.Equal(2, told.Count);
        Assert.Matches(@"^http://127\.0\.0\.1:\d+: POST api/2\.0/mlflow/runs/update: 503 Service Unavailable; retry 1 of 3 in \d+\.\d s$", told[0]);
        Assert.Contains("retry 2 of 3", told[1]);
        Assert.Equal("FINISHED", server.Runs[run.Id].Status);
    }

    [Fact]
    public void A_server_that_refuses_connections_is_given_up_on_within_the_connect_budget_with_the_default_backoff()
    {
        var port = server.Url;
        server.Dispose(); // nothing listens there any more: connection refused
        var told = new List<string>();
        var options = new MlflowRestOptions { OnRetry = told.Add, Username = null, Password = null, Token = null }; // MLflow's defaults: 7 retries, factor 2 s
        Assert.Equal((7, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10)), (options.MaxRetries, options.BackoffDelay, options.ConnectFailureBudget));
        var error = Assert.Throws<TrackingException>(() => new Tracker(new MlflowRestStore(new Uri(port), options)).StartRun("gone"));
        Assert.StartsWith(port, error.Message);
        Assert.Contains("is the server running", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        // The waits announced stay within the budget, instead of the minutes seven backoffs would take.
        var waited = told.Select(t => double.Parse(System.Text.RegularExpressions.Regex.Match(t, @"in (\d+\.\d) s$").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Sum();
        Assert.InRange(told.Count, 1, 3);
        Assert.True(waited <= 10.0, $"announced waits add up to {waited} s");
        Assert.All(told, t => Assert.Contains("refused", t, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void An_unknown_host_fails_without_the_full_backoff()
    {
        var told = new List<string>();
        var error = Assert.Throws<TrackingException>(() => new Tracker(new MlflowRestStore(new Uri("http://no-such-host.invalid:5000"), Quick with { MaxRetries = 7, BackoffDelay = TimeSpan.FromSeconds(2), OnRetry = told.Add })).StartRun("gone"));
        Assert.Contains("no-such-host.invalid", error.Message);
        Assert.InRange(told.Count, 0, 3);
    }

    [Fact]
    public void A_401_says_whether_credentials_were_missing_or_refused_and_a_403_names_the_user()
    {
        server.RequiredAuthorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:secret"));
        var missing = Assert.Throws<TrackingException>(() => Open().StartRun("private"));
        Assert.Contains("401", missing.Message);
        Assert.Contains("none were sent", missing.Message);
        Assert.Contains("MLFLOW_TRACKING_USERNAME", missing.Message);
        var refused = Assert.Throws<TrackingException>(() => Open(Quick with { Username = "alice", Password = "wrong" }).StartRun("private"));
        Assert.Contains("refused the password of user 'alice'", refused.Message);
        var token = Assert.Throws<TrackingException>(() => Open(Quick with { Token = "t0ken" }).StartRun("private"));
        Assert.Contains("refused the token", token.Message);
        server.ForbiddenAuthorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("bob:pw"));
        var forbidden = Assert.Throws<TrackingException>(() => Open(Quick with { Username = "bob", Password = "pw" }).StartRun("private"));
        Assert.Contains("403", forbidden.Message);
        Assert.Contains("user 'bob'", forbidden.Message);
    }

    [Fact]
    public void Credentials_come_from_the_mlflow_section_of_the_credentials_file()
    {
        File.WriteAllText(temp.File("credentials"), "# MLflow's ~/.mlflow/credentials\n[other]\nmlflow_tracking_username = mallory\n\n[mlflow]\nmlflow_tracking_username = alice\nmlflow_tracking_password: secret\n");
        var (user, password) = MlflowCredentialsFile.Read(temp.File("credentials"));
        Assert.Equal(("alice", "secret"), (user, password));
        Assert.Equal((null, null), MlflowCredentialsFile.Read(temp.File("absent")));
        server.RequiredAuthorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:secret"));
        var run = Open(Quick with { Username = user, Password = password }).StartRun("private");
        run.End();
        Assert.Equal("FINISHED", server.Runs[run.Id].Status);
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
    public void A_url_that_is_not_an_mlflow_server_says_so()
    {
        var error = Assert.Throws<TrackingException>(() => new Tracker(new MlflowRestStore(new Uri(server.Url + "/not-mlflow"), Quick)).StartRun("x"));
        Assert.Contains("404", error.Message);
        Assert.Contains("no MLflow REST API answers here", error.Message);
        Assert.DoesNotContain("<", error.Message);
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
