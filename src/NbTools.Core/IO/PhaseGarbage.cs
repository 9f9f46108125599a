using NbTools.Core.Model;

namespace NbTools.Core.IO;

/// <summary>
/// Garbage collection between the phases of a large diff or merge. A short process on a machine
/// with a large cache gets a large first-generation budget (tens of megabytes), so the runtime
/// would never collect: the scratch of comparing two 20 MB notebooks (~15 MB of line lists,
/// tables and trees, nearly all dead once the comparison is done) would stay in memory beside
/// the output being written. One collection between the phases lets the next reuse that memory.
/// Only for notebooks large enough to be left in their files (see <see cref="Notebooks.ReadAll"/>);
/// small ones cost nothing.
/// </summary>
public static class PhaseGarbage
{
    /// <summary>Collects the young generations when any of <paramref name="notebooks"/> was read as a large file.</summary>
    public static void Collect(params Notebook[] notebooks)
    {
        if (notebooks.Any(n => n.Origin is { Source.InMemory: false }))
        {
            GC.Collect(1, GCCollectionMode.Forced, blocking: true, compacting: false);
        }
    }
}
