using NbTools.Core;
using NbTools.Core.Git;
using NbTools.Core.IO;
using NbTools.Core.Merging;
using NbTools.Core.Validation;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace NbTools.Mergetool;

/// <summary>
/// One merge being resolved: serves the page and its state (the inline merge's cells and conflicts),
/// and on Save re-runs the merge with the page's decisions, checks the result (no conflict left, no
/// marker in an edited source, valid against the schema) and writes it atomically; otherwise nothing
/// is written. The three inputs are kept as bytes and read afresh for each merge.
/// </summary>
internal sealed class MergeSession(MergeToolRequest request, byte[] baseBytes, byte[] localBytes, byte[] remoteBytes, TaskCompletionSource<int> done)
{
    private readonly MergeResult inline = Merge(request, baseBytes, localBytes, remoteBytes, null);
    private readonly PageLeave leave = new(done, 1);

    public ToolResponse Handle(ToolRequest r)
    {
        if (r.Method == "GET" && PageFiles.Get(r.Path) is { } file) return file;
        return (r.Method, r.Path) switch
        {
            ("GET", "api/state") => State(),
            ("POST", "api/save") => Save(r),
            ("POST", "api/close") => Close(),
            ("POST", "api/leave") => Leave(),
            _ => ToolResponse.Text(404, "not found"),
        };
    }

    private ToolResponse State()
    {
        leave.Returned();
        return ToolResponse.Json(200, MergePageState.Build(request, inline).ToString(Formatting.None));
    }

    private ToolResponse Leave()
    {
        leave.Left();
        return ToolResponse.Text(200, "the session ends unless the page comes back");
    }

    private ToolResponse Close()
    {
        done.TrySetResult(1);
        return ToolResponse.Text(200, "closed without saving; nothing written");
    }

    private ToolResponse Save(ToolRequest r)
    {
        if (r.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) != true) return ToolResponse.Text(415, "send the decisions as application/json");
        if (done.Task.IsCompleted) return ToolResponse.Text(409, "this session has ended");
        List<ConflictDecision> decisions;
        try
        {
            decisions = Decisions.Parse(r.Body, inline.Conflicts);
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return ToolResponse.Text(400, ex.Message);
        }
        var result = Merge(request, baseBytes, localBytes, remoteBytes, decisions);
        if (!result.IsClean) return ToolResponse.Text(409, $"{result.Conflicts.Count} conflict(s) left unresolved; nothing written");
        var status = NotebookMerge.Conflicts(result.Notebook);
        if (status.CellsWithMarkers.Count > 0) return ToolResponse.Text(409, $"cell {string.Join(", ", status.CellsWithMarkers)} still holds conflict markers; edit them out; nothing written");
        var bytes = Notebooks.ToBytes(result.Notebook);
        var validation = NotebookValidator.Validate(bytes, request.MergedPath);
        if (!validation.IsValid) return ToolResponse.Text(409, $"the resolved notebook would not validate ({validation.Problems[0]}); nothing written");
        AtomicFile.Write(request.MergedPath, bytes);
        done.TrySetResult(0);
        return ToolResponse.Json(200, new JObject { ["saved"] = request.MergedPath }.ToString(Formatting.None));
    }

    /// <summary>The merge of the three inputs (written in the local file's style), with the given decisions.</summary>
    private static MergeResult Merge(MergeToolRequest request, byte[] baseBytes, byte[] localBytes, byte[] remoteBytes, IReadOnlyList<ConflictDecision>? decisions) =>
        GitMergeDriver.Merge((baseBytes, request.BasePath), (localBytes, request.LocalPath), (remoteBytes, request.RemotePath), new MergeOptions(Decisions: decisions));
}
