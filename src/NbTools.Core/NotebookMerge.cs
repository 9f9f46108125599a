using NbTools.Core.Merging;
using NbTools.Core.Model;

namespace NbTools.Core;

/// <summary>The merge facade: three-way merge of notebooks; conflicts are data in the result.</summary>
public static class NotebookMerge
{
    /// <summary>Merges local and remote changes to base. The local notebook object becomes the result (written in its file's style).</summary>
    public static MergeResult Merge(Notebook baseNotebook, Notebook local, Notebook remote, MergeOptions? options = null) =>
        new NotebookMerger(baseNotebook, local, remote, options ?? new MergeOptions()).Merge();

    /// <summary>What a merge left in a notebook: its conflict record and the cells still holding markers.</summary>
    public static ConflictStatus Conflicts(Notebook notebook) => ConflictInspector.Inspect(notebook);

    /// <summary>
    /// Removes the merge's conflict record (<c>metadata.nbtools.conflicts</c>); false when there was
    /// none. Callers check <see cref="Conflicts"/> first: a record is cleared only once no markers are left.
    /// </summary>
    public static bool ClearConflictRecord(Notebook notebook) => ConflictInspector.ClearRecord(notebook);
}
