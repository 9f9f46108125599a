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
///   phases FILE [--iterations N] [--warmup N]    time and allocations of each phase of convert, diff and merge (after edits FILE)
///   edits FILE                                   writes FILE.local.ipynb and FILE.remote.ipynb (the diff/merge benchmarks' edited copies)
///   measure FILE SCENARIO [--iterations N]      SCENARIO: untouched | edit-one-cell | touch-all | to-cs | from-cs | diff | merge | sync-edit | sync-noop
///   report [--corpus DIR] [--work DIR] [--nbtools EXE]   generates 1k/10k/100k notebooks, measures all, prints tables
///                                                       (--nbtools: also the wall time of textconv processes of that build)
///   textconv EXE                                 only that textconv table (EXE: a published nbtools, or nbtools.dll)
///   processes EXE [--cells 1000,10000,100000] [--runs N] [--work DIR]   the four large-file operations as whole
///                                                 nbtools processes under GNU time: wall, CPU, peak memory
///   peers EXE [--cells N] [--runs N] [--work DIR] start-up against git cat-file, and NbTools against jupytext and nbdime
///                                                 (when on PATH) on the same generated notebook, with ratios
/// </summary>
public static class BenchmarkCli
{
    public static int Run(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: generate --cells N --out FILE | edits FILE | phases FILE | processes EXE | measure FILE SCENARIO [--iterations N] | report [--corpus DIR] [--work DIR] [--nbtools EXE] | textconv EXE | peers EXE [--cells N] [--runs N]");
            return 2;
        }
        return args[0] switch
        {
            "generate" => Generate(args),
            "edits" => Edits(args),
            "phases" => PhaseProfile.Run(args[1], int.Parse(Option(args, "--iterations") ?? "5", CultureInfo.InvariantCulture), int.Parse(Option(args, "--warmup") ?? "2", CultureInfo.InvariantCulture)),
            "measure" => Measure(args),
            "report" => Report(args),
            "textconv" => Textconv(args),
            "peers" => PeersBenchmark.Run(args, Option(args, "--corpus") ?? DefaultCorpus()),
            "processes" => ProcessBenchmark.Run(args, Option(args, "--corpus") ?? DefaultCorpus()),
            _ => Usage(args[0]),
        };
    }

    private static int Usage(string verb)
    {
        Console.Error.WriteLine($"unknown verb {verb}");
        return 2;
    }

    internal static string? Option(string[] args, string name) =>
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

    /// <summary>edits FILE: writes FILE's two edited copies (the diff's and merge's local, the merge's remote) beside it.</summary>
    private static int Edits(string[] args)
    {
        var bytes = File.ReadAllBytes(args[1]);
        var (local, remote) = (Path.ChangeExtension(args[1], ".local.ipynb"), Path.ChangeExtension(args[1], ".remote.ipynb"));
        File.WriteAllBytes(local, NotebookGenerator.Edit(bytes));
        File.WriteAllBytes(remote, NotebookGenerator.EditOther(bytes));
        Console.WriteLine($"{local}, {remote}");
        return 0;
    }

    /// <summary>Times read+write of one file; prints "median_ms peak_working_set_bytes".</summary>
    private static int Measure(string[] args)
    {
        var file = args[1];
        var scenario = args[2];
        var iterations = int.Parse(Option(args, "--iterations") ?? "7", CultureInfo.InvariantCulture);
        var output = Path.Combine(Path.GetTempPath(), $"nbtools-bench-out-{Environment.ProcessId}.ipynb");
        if (scenario is "to-cs" or "from-cs") return MeasureConversion(file, scenario, iterations);
        if (scenario is "sync-edit" or "sync-noop") return MeasureSync(file, scenario, iterations);
        if (scenario == "diff") return MeasureDiff(file, iterations);
        if (scenario == "merge") return MeasureMerge(file, iterations);
        var result = TimeRuns(iterations, _ =>
        {
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
            return new FileInfo(output).Length;
        });
        File.Delete(output);
        return result;
    }

    /// <summary>ipynb → .cs (read the notebook, write the percent script) or .cs → ipynb, file to file.</summary>
    private static int MeasureConversion(string file, string scenario, int iterations)
    {
        var script = Path.Combine(Path.GetTempPath(), $"nbtools-bench-{Environment.ProcessId}.cs");
        var ipynb = Path.Combine(Path.GetTempPath(), $"nbtools-bench-{Environment.ProcessId}.ipynb");
        if (scenario == "from-cs") File.WriteAllBytes(script, Notebooks.ToBytes(Notebooks.Read(file), "cs"));
        var result = TimeRuns(iterations, _ =>
        {
            var (input, output) = scenario == "to-cs" ? (file, script) : (script, ipynb);
            var notebook = Notebooks.Read(input);
            AtomicFile.WriteIfChanged(output, stream => Notebooks.Write(notebook, stream, scenario == "to-cs" ? "cs" : "ipynb"), compare: false);
            return new FileInfo(output).Length;
        });
        File.Delete(script);
        File.Delete(ipynb);
        return result;
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
        var result = TimeRuns(iterations, i =>
        {
            if (scenario == "sync-edit") File.AppendAllText(text, $"edited_{i} = {i}\n"); // one cell (the last) changes
            var sync = NbTools.Core.Pairing.NotebookPairing.Sync(new NbTools.Core.Pairing.SyncRequest([notebook]));
            var expected = scenario == "sync-edit" ? NbTools.Core.Pairing.SyncAction.UpdatedNotebook : NbTools.Core.Pairing.SyncAction.UpToDate;
            if (sync.Pairs[0].Action != expected) throw new InvalidOperationException($"sync did {sync.Pairs[0].Action}, expected {expected}");
            return 0;
        });
        Directory.Delete(folder, recursive: true);
        return result;
    }

    /// <summary>Read a notebook and its edited copy and diff them (the JSON diff included).</summary>
    private static int MeasureDiff(string file, int iterations)
    {
        var edited = Path.Combine(Path.GetTempPath(), $"nbtools-bench-edited-{Environment.ProcessId}.ipynb");
        File.WriteAllBytes(edited, NotebookGenerator.Edit(File.ReadAllBytes(file)));
        var result = TimeRuns(iterations, _ =>
        {
            var diff = NotebookDiff.Compute(Notebooks.Read(file), Notebooks.Read(edited));
            var json = diff.ToJson().ToString(Newtonsoft.Json.Formatting.None);
            if (diff.IsEmpty || json.Length == 0) throw new InvalidOperationException("the edited copy should differ");
            return json.Length;
        });
        File.Delete(edited);
        return result;
    }

    /// <summary>Three-way merge of a notebook (base) and two edited copies: read all three, merge, serialize.</summary>
    private static int MeasureMerge(string file, int iterations)
    {
        var baseBytes = File.ReadAllBytes(file);
        var local = Path.Combine(Path.GetTempPath(), $"nbtools-bench-local-{Environment.ProcessId}.ipynb");
        var remote = Path.Combine(Path.GetTempPath(), $"nbtools-bench-remote-{Environment.ProcessId}.ipynb");
        File.WriteAllBytes(local, NotebookGenerator.Edit(baseBytes));
        File.WriteAllBytes(remote, NotebookGenerator.EditOther(baseBytes));
        var result = TimeRuns(iterations, _ =>
        {
            var merge = NotebookMerge.Merge(Notebooks.Read(file), Notebooks.Read(local), Notebooks.Read(remote));
            var bytes = Notebooks.ToBytes(merge.Notebook);
            if (!merge.IsClean) throw new InvalidOperationException($"the benchmark edits touch different cells, yet the merge reports {merge.Conflicts.Count} conflicts");
            return bytes.Length;
        });
        File.Delete(local);
        File.Delete(remote);
        return result;
    }

    /// <summary>textconv NBTOOLS_EXE [--corpus DIR]: the textconv table alone.</summary>
    private static int Textconv(string[] args)
    {
        if (args.Length < 2) throw new ArgumentException("textconv needs the nbtools executable (or nbtools.dll) to time");
        PrintTextconv(args[1], Option(args, "--corpus") ?? DefaultCorpus());
        return 0;
    }

    private static void PrintTextconv(string nbtools, string corpus)
    {
        Console.WriteLine("| git textconv (whole process) | notebook | size | median wall time |");
        Console.WriteLine("|---|---|---:|---:|");
        foreach (var name in new[] { "csharp-notebooks__14-Methods and Members.ipynb", "papermill__pm_example.ipynb", "nbsphinx__pre-executed.ipynb" })
        {
            var path = Path.Combine(corpus, name);
            var (ms, _) = MeasureTextconv(nbtools, path);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {Path.GetFileName(nbtools)} | {name} | {new FileInfo(path).Length / 1e3:F0} KB | {ms:F0} ms |"));
        }
    }

    /// <summary>Wall time of whole nbtools processes (start included) running git textconv on a notebook.</summary>
    private static (double Ms, int Runs) MeasureTextconv(string nbtools, string notebook)
    {
        var times = new List<double>();
        for (var i = 0; i < 23; i++)
        {
            var start = new ProcessStartInfo(nbtools) { RedirectStandardOutput = true, UseShellExecute = false };
            if (nbtools.EndsWith(".dll", StringComparison.Ordinal))
            {
                start.FileName = "dotnet";
                start.ArgumentList.Add(nbtools);
            }
            foreach (var a in new[] { "git", "textconv", notebook }) start.ArgumentList.Add(a);
            var watch = Stopwatch.StartNew();
            using var process = Process.Start(start)!;
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            watch.Stop();
            if (process.ExitCode != 0) throw new InvalidOperationException($"{nbtools} git textconv {notebook} failed");
            if (i >= 3) times.Add(watch.Elapsed.TotalMilliseconds); // the first runs warm the disk cache
        }
        times.Sort();
        return (times[times.Count / 2], times.Count);
    }

    /// <summary>
    /// Runs the workload (given the run's index; returns a checksum so nothing is optimized away)
    /// after a full GC each time, warm-up runs uncounted, and prints "median_ms peak_working_set_bytes checksum".
    /// </summary>
    private static int TimeRuns(int iterations, Func<int, long> workload)
    {
        var times = new List<double>();
        long checksum = 0;
        for (var i = 0; i < Runs(iterations); i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var watch = Stopwatch.StartNew();
            checksum += workload(i);
            watch.Stop();
            if (i >= Warmup(iterations)) times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{times[times.Count / 2]:F1} {Process.GetCurrentProcess().PeakWorkingSet64} {checksum}"));
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
        Console.WriteLine("| merge (base + two edited copies) | size | cells | median (read three + merge + serialize) | peak working set (one run) |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var (label, cells, ids) in new[] { ("with ids", 2_800, true), ("without ids", 2_800, false) })
        {
            var mergeFile = Path.Combine(work, $"diff-{cells}-{(ids ? "ids" : "noids")}-1000.ipynb");
            var (ms, _) = RunMeasure(mergeFile, "merge", 7);
            var (_, peak) = RunMeasure(mergeFile, "merge", 0);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {label} | {new FileInfo(mergeFile).Length / 1e6:F1} MB | {cells:N0} | {ms:F0} ms | {peak / 1e6:F0} MB |"));
        }

        if (Option(args, "--nbtools") is { } nbtools)
        {
            Console.WriteLine();
            PrintTextconv(nbtools, corpus);
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
