using System.Text;
using NbTools.Core;
using NbTools.Core.Model;
using NbTools.Core.Rendering.Html;
using Newtonsoft.Json.Linq;

namespace NbTools.Mergetool;

/// <summary>
/// A diff being viewed: the tool page frames the HTML diff (served with its own no-script policy,
/// in a sandboxed frame) and ends the session, exit 0, when closed.
/// </summary>
internal sealed class DiffSession(Notebook old, Notebook updated, DiffToolRequest request, TaskCompletionSource<int> done)
{
    private readonly PageLeave leave = new(done, 0);
    private readonly byte[] page = Encoding.UTF8.GetBytes(HtmlRenderer.Render(NotebookDiff.Compute(old, updated), old, request.OldPath, request.NewPath));

    public ToolResponse Handle(ToolRequest r)
    {
        if (r.Method == "GET" && PageFiles.Get(r.Path) is { } file) return file;
        switch (r.Method, r.Path)
        {
            case ("GET", "api/state"):
                leave.Returned();
                return ToolResponse.Json(200, new JObject { ["mode"] = "diff", ["file"] = request.OldPath + " → " + request.NewPath }.ToString(Newtonsoft.Json.Formatting.None));
            case ("GET", "diff.html"):
                return new ToolResponse(200, "text/html; charset=utf-8", page, ToolResponse.DiffPolicy);
            case ("POST", "api/leave"):
                leave.Left();
                return ToolResponse.Text(200, "the session ends unless the page comes back");
            case ("POST", "api/close"):
                done.TrySetResult(0);
                return ToolResponse.Text(200, "closed");
            default:
                return ToolResponse.Text(404, "not found");
        }
    }
}
