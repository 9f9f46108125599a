using NbTools.Tracking.Versions;

namespace NbTools.Tracking.Tests;

/// <summary>The dataset's URL on the DVC remote, built as <c>dvc.api.get_url</c> builds it (dvc/api/data.py, dvc/data_cloud.py).</summary>
public sealed class DvcRemoteTests : IDisposable
{
    private const string Md5 = "27730e71e10c7fc389b60f9883699bc2";
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void The_default_remote_gives_the_DVC_3_object_path()
    {
        var data = Data("  hash: md5\n");
        Config("[core]\n    remote = storage\n['remote \"storage\"']\n    url = s3://coffee-bucket/dvc/\n");
        Assert.Equal($"s3://coffee-bucket/dvc/files/md5/27/{Md5[2..]}", DvcRemote.UrlOf(data));
    }

    [Fact]
    public void A_DVC_2_file_has_the_legacy_layout_and_config_local_wins()
    {
        var data = Data("");
        Config("[core]\n    remote = storage\n['remote \"storage\"']\n    url = s3://coffee-bucket/dvc\n");
        File.WriteAllText(temp.File("repo/.dvc/config.local"), "['remote \"storage\"']\n    url = gs://private/cache\n");
        Assert.Equal($"gs://private/cache/27/{Md5[2..]}", DvcRemote.UrlOf(data));
    }

    [Fact]
    public void A_local_remote_is_relative_to_the_dvc_folder_and_an_outputs_own_remote_wins()
    {
        var data = Data("  hash: md5\n  remote: local\n");
        Config("[core]\n    remote = storage\n['remote \"storage\"']\n    url = s3://coffee-bucket\n[remote \"local\"]\n    url = ../../dvc-storage\n");
        Assert.Equal(Path.Combine(temp.File("dvc-storage"), "files", "md5", "27", Md5[2..]), DvcRemote.UrlOf(data));
    }

    [Fact]
    public void No_remote_no_dvc_repository_or_no_dvc_file_gives_null()
    {
        var data = Data("  hash: md5\n");
        Assert.Null(DvcRemote.UrlOf(data)); // no .dvc folder
        Config("[core]\n    autostage = true\n");
        Assert.Null(DvcRemote.UrlOf(data)); // no remote configured
        File.WriteAllText(temp.File("repo/data/other.csv"), "x\n");
        Assert.Null(DvcRemote.UrlOf(temp.File("repo/data/other.csv"))); // not tracked by DVC
    }

    private string Data(string extra)
    {
        Directory.CreateDirectory(temp.File("repo/data"));
        File.WriteAllText(temp.File("repo/data/prices.csv"), "date,brand,price\n");
        File.WriteAllText(temp.File("repo/data/prices.csv.dvc"), $"outs:\n- md5: {Md5}\n  size: 17\n{extra}  path: prices.csv\n");
        return temp.File("repo/data/prices.csv");
    }

    private void Config(string text)
    {
        Directory.CreateDirectory(temp.File("repo/.dvc"));
        File.WriteAllText(temp.File("repo/.dvc/config"), text);
    }
}
