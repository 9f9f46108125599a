using NbTools.Tracking;
using NbTools.Tracking.Versions;

namespace NbTools.Tracking.Tests;

/// <summary>Code versions from the real git; data versions as DVC computes them.</summary>
public sealed class VersionTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Dvc_digests_match_dvcs_own_test_vector()
    {
        Directory.CreateDirectory(temp.File("dir"));
        File.WriteAllText(temp.File("dir/foo"), "foo");
        File.WriteAllText(temp.File("dir/bar"), "bar");
        Assert.Equal("acbd18db4cc2f85cedef654fccc4a4d8", DvcDigest.Of(temp.File("dir/foo")));
        Assert.Equal("5ea40360f5b4ec688df672a4db9c17d1.dir", DvcDigest.Of(temp.File("dir"))); // dvc-data tests/hashfile/test_build.py
    }

    [Fact]
    public void A_dataset_is_logged_with_its_digest_and_what_its_dvc_file_records()
    {
        File.WriteAllText(temp.File("prices.csv"), "month,price\n1,2.5\n");
        var md5 = DvcDigest.Of(temp.File("prices.csv"));
        File.WriteAllText(temp.File("prices.csv.dvc"), $"outs:\n- md5: {md5}\n  size: 18\n  hash: md5\n  path: prices.csv\n");
        var tracker = Tracker.Open(temp.File("mlruns"));
        var run = tracker.StartRun("data");
        run.LogDataset(temp.File("prices.csv"));
        var record = tracker.FileStore.GetRun(run.Id);
        var input = Assert.Single(record.Inputs);
        Assert.Equal(("prices.csv", md5, "dvc", "training"), (input.Name, input.Digest, input.SourceType, input.Context));
        var source = System.Text.Json.Nodes.JsonNode.Parse(input.Source)!;
        Assert.Equal(temp.File("prices.csv"), (string)source["path"]!);
        Assert.Equal(temp.File("prices.csv.dvc"), (string)source["dvc_file"]!);
        Assert.Equal(md5, (string)source["dvc_md5"]!); // what DVC recorded: the same as the data's digest
        Assert.Equal(md5, record.Params["dvc.prices.csv.md5"]);

        File.AppendAllText(temp.File("prices.csv"), "2,2.7\n"); // changed, not yet `dvc add`ed
        var later = tracker.StartRun("data");
        later.LogDataset(temp.File("prices.csv"));
        var changed = Assert.Single(tracker.FileStore.GetRun(later.Id).Inputs);
        Assert.NotEqual(md5, changed.Digest);
        Assert.Equal(md5, (string)System.Text.Json.Nodes.JsonNode.Parse(changed.Source)!["dvc_md5"]!); // the .dvc file is behind: it shows
    }

    [Fact]
    public void A_run_records_the_git_commit_branch_remote_and_dirty_flag_of_its_source()
    {
        Git("init", "-q", "-b", "main");
        Git("remote", "add", "origin", "https://example.invalid/team/models.git");
        File.WriteAllText(temp.File("train.ipynb"), "{}");
        Git("add", "-A");
        Git("commit", "-q", "-m", "train");
        var head = Git("rev-parse", "HEAD").Trim();
        var tracker = Tracker.Open(temp.File("mlruns"));
        var clean = tracker.FileStore.GetRun(tracker.StartRun("git", source: temp.File("train.ipynb")).Id).Tags;
        Assert.Equal(head, clean["mlflow.source.git.commit"]);
        Assert.Equal("main", clean["mlflow.source.git.branch"]);
        Assert.Equal("https://example.invalid/team/models.git", clean["mlflow.source.git.repoURL"]);
        Assert.Equal("false", clean["mlflow.source.git.dirty"]);
        Assert.Equal("NOTEBOOK", clean["mlflow.source.type"]);
        Assert.Equal(temp.File("train.ipynb"), clean["mlflow.source.name"]);
        Assert.StartsWith("sha256:", clean["nbtools.source.digest"]);

        File.WriteAllText(temp.File("train.ipynb"), "{\"cells\": []}");
        var dirty = tracker.FileStore.GetRun(tracker.StartRun("git", source: temp.File("train.ipynb")).Id).Tags;
        Assert.Equal("true", dirty["mlflow.source.git.dirty"]);
        Assert.NotEqual(clean["nbtools.source.digest"], dirty["nbtools.source.digest"]);
    }

    [Fact]
    public void Outside_a_repository_no_git_tags_are_invented()
    {
        Directory.CreateDirectory(temp.File("plain"));
        File.WriteAllText(temp.File("plain/script.cs"), "// not in git");
        Assert.Null(GitInfo.Capture(temp.File("plain"))); // the temporary folder is in no repository
        var tracker = Tracker.Open(temp.File("mlruns"));
        var tags = tracker.FileStore.GetRun(tracker.StartRun("plain", source: temp.File("plain/script.cs")).Id).Tags;
        Assert.DoesNotContain(tags.Keys, k => k.StartsWith("mlflow.source.git.", StringComparison.Ordinal));
        Assert.Equal("LOCAL", tags["mlflow.source.type"]);
    }

    private string Git(params string[] args) => TestGit.Run(temp.Path, args);
}
