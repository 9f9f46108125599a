using System.Text;

namespace NbTools.Core.Pairing;

/// <summary>Tells notebook texts (with a jupytext/NbTools header or a .dib meta block) from ordinary scripts.</summary>
public static class TextNotebookFiles
{
    /// <summary>True when the file starts like a text notebook, or is empty.</summary>
    public static bool LooksLikeNotebookText(string path)
    {
        var head = new byte[4096];
        int n;
        using (var stream = File.OpenRead(path)) n = stream.Read(head, 0, head.Length);
        var text = Encoding.UTF8.GetString(head, 0, n);
        return n == 0 || text.Contains("jupyter:", StringComparison.Ordinal) || text.StartsWith("#!meta", StringComparison.Ordinal)
            || text.Contains("%% [markdown]", StringComparison.Ordinal);
    }
}
