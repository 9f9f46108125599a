using NbTools.Core.Diffing.Generic;
using NbTools.Core.Diffing.Notebook;
using NbTools.Core.Model;
using Newtonsoft.Json.Linq;

namespace NbTools.Core;

/// <summary>The diff facade: compare two notebooks; apply a diff.</summary>
public static class NotebookDiff
{
    /// <summary>Compares two notebooks under the options (default: everything but execution counts and volatile metadata).</summary>
    public static NotebookDiffResult Compute(Notebook a, Notebook b, DiffOptions? options = null) =>
        NotebookDiffer.Compute(a, b, options ?? DiffOptions.Default);

    /// <summary>Applies a diff to the old notebook's diff JSON (<see cref="NotebookJson"/>), giving the new one's.</summary>
    public static JObject Apply(JObject oldJson, IReadOnlyList<DiffOp> ops) => (JObject)JsonPatcher.Apply(oldJson, ops);
}
