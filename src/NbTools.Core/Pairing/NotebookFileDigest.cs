using NbTools.Core.Formats.Ipynb;
using NbTools.Core.Json;

namespace NbTools.Core.Pairing;

/// <summary>
/// A 128-bit XXH3 hash of a notebook file without its own sync record (<c>metadata.nbtools</c>):
/// when it matches the one recorded at the last sync, nothing in the notebook changed – not even an
/// output – and sync can skip rendering it. (A change check, not a security hash: XXH3 reads
/// 20 MB in a few milliseconds.) Null for files it cannot take apart cheaply (UTF-16).
/// </summary>
internal static class NotebookFileDigest
{
    /// <summary>The digest's fixed length, so a placeholder of this length can be replaced in place.</summary>
    public const int Length = 5 + 32;

    public static string? Of(byte[] file)
    {
        if (file.Length >= 2 && (file[0] == 0xFF || file[0] == 0xFE)) return null;
        var start = file.Length >= 3 && file[0] == 0xEF && file[1] == 0xBB && file[2] == 0xBF ? 3 : 0;
        var source = new JsonSource(file.AsMemory(start), "(digest)");
        RawContainer root;
        try
        {
            root = IpynbReader.ReadRoot(source);
        }
        catch (NotebookFormatException)
        {
            return null;
        }
        var metadataIndex = root.IndexOfLast("metadata");
        var (skipStart, skipEnd) = (0, 0);
        if (metadataIndex >= 0 && root.Items[metadataIndex].Kind == RawKind.Object)
        {
            var metadata = source.ReadContainer(root.Items[metadataIndex].Value);
            var nbtools = metadata.IndexOfLast("nbtools");
            if (nbtools >= 0) (skipStart, skipEnd) = (metadata.Items[nbtools].Start + start, metadata.Items[nbtools].ValueEnd + start);
        }
        var hash = new System.IO.Hashing.XxHash128();
        hash.Append(file.AsSpan(0, skipStart));
        hash.Append(file.AsSpan(skipEnd));
        return "xxh3:" + Convert.ToHexStringLower(hash.GetCurrentHash());
    }
}
