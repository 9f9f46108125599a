using System.Diagnostics;
using System.Globalization;
using NbTools.Core;
using NbTools.Core.IO;

namespace NbTools.Benchmarks;

/// <summary>
/// A plain console harness (BenchmarkDotNet's process-per-benchmark model does not measure peak
/// memory of one read+write, which is a product goal). Each measurement runs in a fresh process
/// so its peak working set is its own.
///
///   generate --cells N --out FILE [--seed S] [--no-ids]
///   measure FILE SCENARIO [--iterations N]      SCENARIO: untouched | edit-one-cell | touch-all
///   report [--corpus DIR] [--work DIR]          generates 1k/10k/100k notebooks, measures all, prints a table
/// </summary>
public static class BenchmarkCli
{
    public static int Run(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: generate --cells N --out FILE | measure FILE SCENARIO [--iterations N] | report [--corpus DIR] [--work DIR]");
            return 2;
        }
        return args[0] switch
        {
            "generate" => Generate(args),
            "measure" => Measure(args),
            "report" => Report(args),
            _ => Usage(args[0]),
        };
    }

    private static int Usage(string verb)
    {
        Console.Error.WriteLine($"unknown verb {verb}");
        return 2;
    }

    private static string? Option(string[] args, string name) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

    private static string DefaultCorpus()
    {
        var env = Environment.GetEnvironmentVariable("NBTOOLS_SHARED");
        if (!string.IsNullOrEmpty(env)) return Path.Combine(env, "corpus");
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NbTools.sln"))) dir = dir.Parent;
        return Path.Combine(dir?.Parent?.FullName ?? "..", "shared", "corpus");
    }

    private static int Generate(string[] args)
    {
        var cells = int.Parse(Option(args, "--cells") ?? "10000", CultureInfo.InvariantCulture);
        var output = Option(args, "--out") ?? throw new ArgumentException("--out FILE is required");
        var seed = int.Parse(Option(args, "--seed") ?? "42", CultureInfo.InvariantCulture);
        var maxKb = int.Parse(Option(args, "--max-cell-kb") ?? "100", CultureInfo.InvariantCulture);
        var bytes = NotebookGenerator.Generate(Option(args, "--corpus") ?? DefaultCorpus(), cells, seed, withIds: !args.Contains("--no-ids"), csharpOnly: args.Contains("--csharp"), maxCellBytes: maxKb * 1024);
        File.WriteAllBytes(output, bytes);
        Console.WriteLine($"{output}: {cells} cells, {bytes.Length / 1e6:F1} MB");
        return 0;
    }

    /// <summary>Times read+write of one file; prints "median_ms peak_working_set_bytes".</summary>
    private static int Measure(string[] args)
    {
        var file = args[1];
        var scenario = args[2];
        var iterations = int.Parse(Option(args, "--iterations") ?? "7", CultureInfo.InvariantCulture);
        var times = new List<double>();
        var output = Path.Combine(Path.GetTempPath(), $"nbtools-bench-out-{Environment.ProcessId}.ipynb");
        if (scenario is "to-cs" or "from-cs") return MeasureConversion(file, scenario, iterations);
        if (scenario is "sync-edit" or "sync-noop") return MeasureSync(file, scenario, iterations);
        if (scenario == "diff") return MeasureDiff(file, iterations);
        long checksum = 0;
        for (var i = 0; i < Runs(iterations); i++) // warm-up runs first (not counted), see Warmup
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var watch = Stopwatch.StartNew();
            var bytes = File.ReadAllBytes(file);
            var notebook = Notebooks.Read(bytes, file);
            switch (scenario)
            {
                case "untouched":
                    break;
                case "edit-one-cell":
                    var cell = notebook.Cells[notebook.Cells.Count / 2];
                    cell.Source += "\n# edited";
                    break;
                case "touch-all":
                    _ = notebook.Metadata.Count;
                    foreach (var c in notebook.Cells)
                    {
                        _ = c.Metadata.Count;
                        foreach (var o in c.Outputs) _ = o.Content.Count;
                    }
                    break;
                default:
                    throw new ArgumentException($"unknown scenario {scenario}");
            }
            // The real workload: stream into a temporary file and rename it over the output.
            AtomicFile.WriteIfChanged(output, stream => Notebooks.Write(notebook, stream), compare: false);
            watch.Stop();
            checksum += new FileInfo(output).Length;
            if (i >= Warmup(iterations)) times.Add(watch.Elapsed.TotalMilliseconds);
        }
        File.Delete(output);
        times.Sort();
        var peak = Process.GetCurrentProcess().PeakWorkingSet64;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{times[times.Count / 2]:F1} {peak} {checksum}"));
        return 0;
    }

    /// <summary>ipynb → .cs (read the notebook, write the percent script) or .cs → ipynb, file to file.</summary>
    private static int MeasureConversion(string file, string scenario, int iterations)
    {
        var script = Path.Combine(Path.GetTempPath(), $"nbtools-bench-{Environment.ProcessId}.cs");
        var ipynb = Path.Combine(Path.GetTempPath(), $"nbtools-bench-{Environment.ProcessId}.ipynb");
        if (scenario == "from-cs") File.WriteAllBytes(script, Notebooks.ToBytes(Notebooks.Read(file), "cs"));
        var times = new List<double>();
        long checksum = 0;
        for (var i = 0; i < Runs(iterations); i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var watch = Stopwatch.StartNew();
            var (input, output) = scenario == "to-cs" ? (file, script) : (script, ipynb);
            var notebook = Notebooks.Read(input);
            AtomicFile.WriteIfChanged(output, stream => Notebooks.Write(notebook, stream, scenario == "to-cs" ? "cs" : "ipynb"), compare: false);
            watch.Stop();
            checksum += new FileInfo(output).Length;
            if (i >= Warmup(iterations)) times.Add(watch.Elapsed.TotalMilliseconds);
        }
        File.Delete(script);
        File.Delete(ipynb);
        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{times[times.Count / 2]:F1} {Process.GetCurrentProcess().PeakWorkingSet64} {checksum}"));
        return 0;
    }

    /// <summary>A paired notebook and .py: sync after editing one cell of the text, or with nothing to do.</summary>
    private static int MeasureSync(string file, string scenario, int iterations)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"nbtools-bench-sync-{Environment.ProcessId}");
        Directory.CreateDirectory(folder);
        var notebook = Path.Combine(folder, "pair.ipynb");
        File.Copy(file, notebook, overwrite: true);
        NbTools.Core.Pairing.NotebookPairing.Pair(notebook, ["py"]);
        var text = Path.ChangeExtension(notebook, ".py");
        var times = new List<double>();
        for (var i = 0; i < Runs(iterations); i++)
        {
            if (scenario == "sync-edit") File.AppendAllText(text, $"edited_{i} = {i}\n"); // one cell (the last) changes
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var watch = Stopwatch.StartNew();
            var result = NbTools.Core.Pairing.NotebookPairing.Sync(new NbTools.Core.Pairing.SyncRequest([notebook]));
            watch.Stop();
            var expected = scenario == "sync-edit" ? NbTools.Core.Pairing.SyncAction.UpdatedNotebook : NbTools.Core.Pairing.SyncAction.UpToDate;
            if (result.Pairs[0].Action != expected) throw new InvalidOperationException($"sync did {result.Pairs[0].Action}, expected {expected}");
            if (i >= Warmup(iterations)) times.Add(watch.Elapsed.TotalMilliseconds);
        }
        Directory.Delete(folder, recursive: true);
        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{times[times.Count / 2]:F1} {Process.GetCurrentProcess().PeakWorkingSet64} 0"));
        return 0;
    }

    /// <summary>Read a notebook and its edited copy and diff them (the JSON diff included).</summary>
    private static int MeasureDiff(string file, int iterations)
    {
        var edited = Path.Combine(Path.GetTempPath(), $"nbtools-bench-edited-{Environment.ProcessId}.ipynb");
        File.WriteAllBytes(edited, NotebookGenerator.Edit(File.ReadAllBytes(file)));
        var times = new List<double>();
        for (var i = 0; i < Runs(iterations); i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var watch = Stopwatch.StartNew();
            var diff = NotebookDiff.Compute(Notebooks.Read(file), Notebooks.Read(edited));
            var json = diff.ToJson().ToString(Newtonsoft.Json.Formatting.None);
            watch.Stop();
            if (diff.IsEmpty || json.Length == 0) throw new InvalidOperationException("the edited copy should differ");
            if (i >= Warmup(iterations)) times.Add(watch.Elapsed.TotalMilliseconds);
        }
        File.Delete(edited);
        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{times[times.Count / 2]:F1} {Process.GetCurrentProcess().PeakWorkingSet64} 0"));
        return 0;
    }

    /// <summary>Untimed warm-up runs (JIT tiering) before the timed ones; none for a one-run (cold) measurement.</summary>
    private static int Warmup(int iterations) => iterations == 0 ? 0 : 3;

    private static int Runs(int iterations) => Math.Max(1, iterations) + Warmup(iterations);

    private static int Report(string[] args)
    {
        var corpus = Option(args, "--corpus") ?? DefaultCorpus();
        var work = Option(args, "--work") ?? Path.Combine(Path.GetTempPath(), "nbtools-bench");
        Directory.CreateDirectory(work);
        var sizes = new[] { 1_000, 10_000, 100_000 };
        Console.WriteLine("| notebook | size | scenario | median read+write | throughput | peak working set (one run) | peak / file size |");
        Console.WriteLine("|---|---:|---|---:|---:|---:|---:|");
        foreach (var cells in sizes)
        {
            var file = Path.Combine(work, $"generated-{cells}.ipynb");
            if (!File.Exists(file)) File.WriteAllBytes(file, NotebookGenerator.Generate(corpus, cells));
            var size = new FileInfo(file).Length;
            foreach (var scenario in new[] { "untouched", "edit-one-cell", "touch-all" })
            {
                // Time: median of 7 runs after 3 warm-up runs. Peak memory: a fresh process doing one read+write,
                // which is what one nbtools invocation costs.
                var (ms, _) = RunMeasure(file, scenario, cells >= 100_000 ? 3 : 7);
                var (_, peak) = RunMeasure(file, scenario, 0);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {cells:N0} cells | {size / 1e6:F1} MB | {scenario} | {ms:F0} ms | {size / 1e6 / (ms / 1000):F0} MB/s | {peak / 1e6:F0} MB | {(double)peak / size:F1}× |"));
            }
        }
        Console.WriteLine();
        Console.WriteLine("| C# notebook | size | conversion | median (file to file) | peak working set (one run) |");
        Console.WriteLine("|---|---:|---|---:|---:|");
        var csharp = Path.Combine(work, "generated-csharp-20000.ipynb");
        if (!File.Exists(csharp)) File.WriteAllBytes(csharp, NotebookGenerator.Generate(corpus, 20_000, csharpOnly: true));
        var csharpSize = new FileInfo(csharp).Length;
        foreach (var scenario in new[] { "to-cs", "from-cs" })
        {
            var (ms, _) = RunMeasure(csharp, scenario, 7);
            var (_, peak) = RunMeasure(csharp, scenario, 0);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| 20,000 cells | {csharpSize / 1e6:F1} MB | {(scenario == "to-cs" ? ".ipynb → .cs" : ".cs → .ipynb")} | {ms:F0} ms | {peak / 1e6:F0} MB |"));
        }

        Console.WriteLine();
        Console.WriteLine("| diff | size | cells | median (read both + diff + JSON) | peak working set (one run) |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var (label, cells, ids, maxKb) in new[] { ("with ids", 2_800, true, 1000), ("without ids", 2_800, false, 1000), ("scaling", 1_000, true, 100), ("scaling", 10_000, true, 100), ("scaling", 100_000, true, 100) })
        {
            var diffFile = Path.Combine(work, $"diff-{cells}-{(ids ? "ids" : "noids")}-{maxKb}.ipynb");
            if (!File.Exists(diffFile)) File.WriteAllBytes(diffFile, NotebookGenerator.Generate(corpus, cells, withIds: ids, maxCellBytes: maxKb * 1024));
            var (ms, _) = RunMeasure(diffFile, "diff", cells >= 100_000 ? 3 : 7);
            var (_, peak) = RunMeasure(diffFile, "diff", 0);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {label} | {new FileInfo(diffFile).Length / 1e6:F1} MB | {cells:N0} | {ms:F0} ms | {peak / 1e6:F0} MB |"));
        }

        Console.WriteLine();
        Console.WriteLine("| pair (.ipynb + .py) | notebook size | sync | median | peak working set (one run) |");
        Console.WriteLine("|---|---:|---|---:|---:|");
        var pairSource = Path.Combine(work, "generated-10000.ipynb");
        var pairSize = new FileInfo(pairSource).Length;
        foreach (var scenario in new[] { "sync-edit", "sync-noop" })
        {
            var (ms, _) = RunMeasure(pairSource, scenario, 7);
            var (_, peak) = RunMeasure(pairSource, scenario, 0);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| 10,000 cells | {pairSize / 1e6:F1} MB | {(scenario == "sync-edit" ? "after a one-cell edit of the text" : "nothing to do")} | {ms:F0} ms | {peak / 1e6:F0} MB |"));
        }
        return 0;
    }

    private static (double Ms, long Peak) RunMeasure(string file, string scenario, int iterations)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(BenchmarkCli).Assembly.Location);
        foreach (var a in new[] { "measure", file, scenario, "--iterations", iterations.ToString(CultureInfo.InvariantCulture) }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var line = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"measure {scenario} failed: {line}");
        var parts = line.Split(' ');
        return (double.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture));
    }
}
