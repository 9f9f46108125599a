using NbTools.Core;
using NbTools.Core.IO;
using NbTools.Core.Model;

namespace NbTools.Mergetool;

/// <summary>
/// <c>nbtools mergetool</c> and <c>nbtools difftool</c>: a page on 127.0.0.1 (random port, a random
/// token every request must carry, the Host header checked) that shows a merge's conflicts – or a
/// diff – with every notebook content sanitised and a Content-Security-Policy that lets no notebook
/// script run. The notebooks are read (and refused with a clear error) before the server starts.
/// </summary>
public static class Mergetool
{
    /// <summary>Starts the page resolving the merge of <paramref name="request"/>'s notebooks.</summary>
    public static ToolSession StartMerge(MergeToolRequest request)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(request.MergedPath));
        if (folder is null || !Directory.Exists(folder)) throw new NbToolsException($"{request.MergedPath}: its folder does not exist; give -o a path in an existing folder");
        var done = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var session = new MergeSession(request, Bytes(request.BasePath), Bytes(request.LocalPath), Bytes(request.RemotePath), done);
        return new ToolSession(LocalServer.Start(), r => Task.FromResult(session.Handle(r)), done);
    }

    /// <summary>Starts the page showing the diff of <paramref name="request"/>'s notebooks.</summary>
    public static ToolSession StartDiff(DiffToolRequest request)
    {
        var done = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var session = new DiffSession(OrEmpty(request.OldPath), OrEmpty(request.NewPath), request, done);
        return new ToolSession(LocalServer.Start(), r => Task.FromResult(session.Handle(r)), done);
    }

    private static byte[] Bytes(string path) => InputFiles.ReadAllBytes(path);

    /// <summary>git difftool passes /dev/null (or an empty file) for a notebook added or deleted.</summary>
    private static Notebook OrEmpty(string path)
    {
        var bytes = Bytes(path);
        return bytes.Length == 0 ? new Notebook() : Notebooks.Read(bytes, path, "ipynb");
    }
}
