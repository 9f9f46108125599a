using System.Diagnostics;
using System.Globalization;
using NbTools.Core;
using NbTools.Core.IO;
using NbTools.Core.Model;

namespace NbTools.Benchmarks;

/// <summary>
/// <c>phases FILE [--iterations N] [--warmup N]</c>: where the time and the allocations of the four large-file
/// operations go, phase by phase (read, convert, diff, merge, write), in one process: warm by default, cold with --warmup 0 --iterations 1. Each phase
/// shows its median time and the bytes it allocated (<see cref="GC.GetAllocatedBytesForCurrentThread"/>),
/// which is what the garbage collector then has to clear. FILE.local.ipynb and FILE.remote.ipynb come
/// from the <c>edits</c> verb.
/// </summary>
internal static class PhaseProfile
{
    public static int Run(string file, int iterations, int warmup)
    {
        var local = Path.ChangeExtension(file, ".local.ipynb");
        var remote = Path.ChangeExtension(file, ".remote.ipynb");
        var script = Path.Combine(Path.GetTempPath(), $"nbtools-phases-{Environment.ProcessId}.py");
        File.WriteAllBytes(script, Notebooks.ToBytes(Notebooks.Read(file), "py"));
        var phases = new Dictionary<string, List<(double Ms, long Bytes, string Gcs)>>();
        for (var i = 0; i < iterations + warmup; i++)
        {
            var record = i >= warmup;
            T Phase<T>(string name, Func<T> work)
            {
                GC.Collect();
                var before = GC.GetAllocatedBytesForCurrentThread();
                var (gen0, gen1, gen2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
                var watch = Stopwatch.StartNew();
                var result = work();
                watch.Stop();
                if (record)
                {
                    if (!phases.TryGetValue(name, out var list)) phases[name] = list = [];
                    list.Add((watch.Elapsed.TotalMilliseconds, GC.GetAllocatedBytesForCurrentThread() - before,
                        $"{GC.CollectionCount(0) - gen0}/{GC.CollectionCount(1) - gen1}/{GC.CollectionCount(2) - gen2}"));
                }
                return result;
            }
            var bytes = Phase("read file bytes", () => InputFiles.ReadAllBytes(file));
            var notebook = Phase("parse .ipynb", () => Notebooks.Read(bytes, file));
            Phase("write .py (to memory)", () => Notebooks.ToBytes(notebook, "py").Length);
            Phase("write .py again (metadata parsed)", () => Notebooks.ToBytes(notebook, "py").Length);
            var pyBytes = Phase("read .py bytes", () => InputFiles.ReadAllBytes(script));
            var fromPy = Phase("parse .py", () => Notebooks.Read(pyBytes, script));
            Phase("write .ipynb from .py (to memory)", () => Notebooks.ToBytes(fromPy).Length);
            var localBytes = Phase("read local bytes", () => InputFiles.ReadAllBytes(local));
            var localNotebook = Phase("parse local .ipynb", () => Notebooks.Read(localBytes, local));
            var diff = Phase("diff compute", () => NotebookDiff.Compute(notebook, localNotebook));
            Phase("diff JSON render", () => NbTools.Core.Rendering.Json.JsonRenderer.Render(diff).Length);
            var baseNb = (Phase("merge: read+parse base", () => Notebooks.Read(file)), Phase("merge: read+parse local", () => Notebooks.Read(local)), Phase("merge: read+parse remote", () => Notebooks.Read(remote)));
            var merge = Phase("merge compute", () => NotebookMerge.Merge(baseNb.Item1, baseNb.Item2, baseNb.Item3));
            Phase("merge write (to memory)", () => Notebooks.ToBytes(merge.Notebook).Length);
        }
        File.Delete(script);
        Console.WriteLine($"| phase ({new FileInfo(file).Length / 1e6:F1} MB) | median ms | allocated MB | collections (gen 0/1/2, last run) |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var (name, list) in phases)
        {
            var ms = list.Select(p => p.Ms).Order().ToList()[list.Count / 2];
            var mb = list.Select(p => p.Bytes).Order().ToList()[list.Count / 2] / 1e6;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {ms:F1} | {mb:F1} | {list[^1].Gcs} |"));
        }
        return 0;
    }
}
