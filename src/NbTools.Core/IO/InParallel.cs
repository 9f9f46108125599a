using System.Runtime.ExceptionServices;

namespace NbTools.Core.IO;

/// <summary>
/// A few independent pieces of work – the two notebooks of a diff, the three of a merge – run on
/// other threads as well when they are large enough to gain from it, results in order. A failure is
/// reported as running them one after the other would have reported it: the first failing piece in
/// order wins, whatever finished first.
/// </summary>
public static class InParallel
{
    /// <summary>
    /// Inputs this large together (bytes) are read in parallel: reading and parsing a 20 MB notebook
    /// takes tens of milliseconds, while below a few megabytes starting a thread costs more than it
    /// saves (git's merge driver runs once per notebook, mostly on small ones).
    /// </summary>
    public const long Worthwhile = 4 << 20;

    /// <summary>Runs <paramref name="work"/>, in parallel when <paramref name="parallel"/>; returns the results in order.</summary>
    public static T[] Run<T>(bool parallel, params Func<T>[] work)
    {
        var results = new T[work.Length];
        if (!parallel || work.Length < 2)
        {
            for (var i = 0; i < work.Length; i++) results[i] = work[i]();
            return results;
        }
        var others = new Task<T>[work.Length - 1];
        for (var i = 1; i < work.Length; i++) others[i - 1] = Task.Run(work[i]);
        Exception? first = null;
        try
        {
            results[0] = work[0]();
        }
        catch (Exception ex)
        {
            first = ex;
        }
        try
        {
            Task.WaitAll(others);
        }
        catch (AggregateException)
        {
            // each task's own exception is taken below, in order
        }
        if (first is not null) ExceptionDispatchInfo.Throw(first);
        for (var i = 1; i < work.Length; i++)
        {
            var task = others[i - 1];
            if (task.Exception?.InnerException is { } failure) ExceptionDispatchInfo.Throw(failure);
            results[i] = task.Result;
        }
        return results;
    }

    /// <summary>True when the files (those that exist) are <see cref="Worthwhile"/> together.</summary>
    public static bool Large(params string[] paths) => Large(paths.Select(p => File.Exists(p) ? new FileInfo(p).Length : 0).ToArray());

    /// <summary>True when inputs of these sizes (bytes) are <see cref="Worthwhile"/> together.</summary>
    public static bool Large(params long[] sizes) => sizes.Sum() >= Worthwhile;
}
