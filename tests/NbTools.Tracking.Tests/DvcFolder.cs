namespace NbTools.Tracking.Tests;

/// <summary>A DVC-tracked folder with dvc-data's own test vector (foo, bar) and the .dvc file DVC 3 writes for it.</summary>
internal static class DvcFolder
{
    public const string Digest = "5ea40360f5b4ec688df672a4db9c17d1.dir";

    /// <summary>Writes <c>data/</c> and <c>data.dvc</c> in the folder; returns the data folder's path.</summary>
    public static string Write(TempFolder temp)
    {
        Directory.CreateDirectory(temp.File("data"));
        File.WriteAllText(temp.File("data/foo"), "foo");
        File.WriteAllText(temp.File("data/bar"), "bar");
        File.WriteAllText(temp.File("data.dvc"), $"outs:\n- md5: {Digest}\n  size: 6\n  nfiles: 2\n  hash: md5\n  path: data\n");
        return temp.File("data");
    }
}
