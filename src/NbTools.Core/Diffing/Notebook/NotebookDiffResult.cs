using NbTools.Core.Diffing.Generic;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Diffing.Notebook;

/// <summary>
/// A notebook diff: the nbdime-format operations on the notebook's diff JSON (see
/// <see cref="NotebookJson"/>; applying them with <see cref="JsonPatcher"/> gives the new notebook's),
/// and the same change told cell by cell for people (moves included).
/// </summary>
public sealed record NotebookDiffResult(IReadOnlyList<DiffOp> Ops, IReadOnlyList<CellChange> Cells, IReadOnlyList<DiffOp> NotebookOps, DiffOptions Options)
{
    /// <summary>True when the notebooks are equal under the options.</summary>
    public bool IsEmpty => Ops.Count == 0;

    /// <summary>The operations as nbdime's JSON (a list of ops).</summary>
    public JArray ToJson() => new(Ops.Select(o => o.ToJson()));
}
