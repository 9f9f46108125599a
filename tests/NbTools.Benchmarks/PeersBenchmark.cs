using System.Diagnostics;
using System.Globalization;

namespace NbTools.Benchmarks;

/// <summary>
/// <c>peers NBTOOLS [--cells N] [--work DIR] [--runs N]</c>: NbTools and its peers (jupytext,
/// nbdime) on the same generated files, whole processes timed side by side (median of N runs after
/// one warm-up), with the ratio, and each side's peak resident memory (the whole process's maximum RSS,
/// as GNU time reports it; median of the same runs). A peer that is not on PATH is named as skipped;
/// nothing is faked.
/// Also the start-up table: git textconv and the merge driver on small notebooks against
/// <c>git cat-file</c> of the same blob, the floor of anything git runs.
/// </summary>
internal static class PeersBenchmark
{
    public static int Run(string[] args, string corpus)
    {
        if (args.Length < 2) throw new ArgumentException("peers needs the nbtools executable (or nbtools.dll) to time");
        var nbtools = args[1];
        var cells = int.Parse(BenchmarkCli.Option(args, "--cells") ?? "10000", CultureInfo.InvariantCulture);
        var runs = int.Parse(BenchmarkCli.Option(args, "--runs") ?? "5", CultureInfo.InvariantCulture);
        var work = BenchmarkCli.Option(args, "--work") ?? Path.Combine(Path.GetTempPath(), "nbtools-bench-peers");
        Directory.CreateDirectory(work);
        PrintStartup(nbtools, corpus, work);
        Console.WriteLine();

        var notebook = Path.Combine(work, $"peers-{cells}.ipynb");
        if (!File.Exists(notebook)) File.WriteAllBytes(notebook, NotebookGenerator.Generate(corpus, cells));
        var bytes = File.ReadAllBytes(notebook);
        var local = Path.Combine(work, $"peers-{cells}-local.ipynb");
        var remote = Path.Combine(work, $"peers-{cells}-remote.ipynb");
        File.WriteAllBytes(local, NotebookGenerator.Edit(bytes));
        File.WriteAllBytes(remote, NotebookGenerator.EditOther(bytes));
        var script = Path.Combine(work, $"peers-{cells}.py");
        Run(nbtools, ["convert", notebook, "--to", "py", "-o", script, "--force"], [0]);

        Console.WriteLine($"| operation ({cells:N0} cells, {bytes.Length / 1e6:F1} MB) | NbTools | NbTools peak | peer | peer time | peer peak | peer / NbTools |");
        Console.WriteLine("|---|---:|---:|---|---:|---:|---:|");
        var outPy = Path.Combine(work, "out.py");
        var outNb = Path.Combine(work, "out.ipynb");
        var merged = Path.Combine(work, "merged.ipynb");
        Compare(".ipynb → percent script",
            () => Measure(nbtools, ["convert", notebook, "--to", "py", "-o", outPy, "--force"], [0]),
            "jupytext", () => Measure("jupytext", ["--to", "py:percent", "-o", outPy, notebook], [0]), runs);
        Compare("percent script → .ipynb",
            () => Measure(nbtools, ["convert", script, "--to", "ipynb", "-o", outNb, "--force"], [0]),
            "jupytext", () => Measure("jupytext", ["--to", "ipynb", "-o", outNb, script], [0]), runs);
        Compare("diff (JSON)",
            () => Measure(nbtools, ["diff", notebook, local, "--format", "json", "--out", Path.Combine(work, "diff.json")], [0, 1]),
            "nbdiff", () => Measure("nbdiff", ["--out", Path.Combine(work, "nbdime-diff.json"), notebook, local], [0, 1]), runs);
        Compare("three-way merge",
            () => Measure(nbtools, ["merge", notebook, local, remote, "-o", merged], [0]),
            "nbmerge", () => Measure("nbmerge", ["--out", merged, notebook, local, remote], [0, 1]), runs);
        return 0;
    }

    /// <summary>Start-up where git calls NbTools, against the floor: git printing the same blob.</summary>
    private static void PrintStartup(string nbtools, string corpus, string work)
    {
        var small = Path.Combine(corpus, "papermill__pm_example.ipynb");
        var repo = Path.Combine(work, "blob-repo");
        if (!Directory.Exists(Path.Combine(repo, ".git"))) Run("git", ["init", "-q", repo], [0]);
        var blob = Output("git", ["-C", repo, "hash-object", "-w", small]).Trim();
        var triple = Path.Combine(work, "small-merge");
        Directory.CreateDirectory(triple);
        var smallBase = NotebookGenerator.Generate(corpus, 40, maxCellBytes: 4 * 1024);
        var (baseFile, localFile, remoteFile) = (Path.Combine(triple, "base.ipynb"), Path.Combine(triple, "local.ipynb"), Path.Combine(triple, "remote.ipynb"));
        var floor = Median(20, () => Run("git", ["-C", repo, "cat-file", "-p", blob], [0]));
        Console.WriteLine("| where git runs it (whole process, median of 20 warm runs) | time | over the floor |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine(F($"| `git cat-file -p` of the notebook's blob (the floor) | {floor:F1} ms | |"));
        // The native driver, when it was published beside nbtools, is what git install records.
        var native = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(nbtools))!, "nbtools-git");
        foreach (var program in File.Exists(native) ? new[] { nbtools, native } : [nbtools])
        {
            var textconv = Median(20, () => Run(program, ["git", "textconv", small], [0]));
            var merge = Median(20, () =>
            {
                File.WriteAllBytes(baseFile, smallBase);
                File.WriteAllBytes(localFile, NotebookGenerator.Edit(smallBase));
                File.WriteAllBytes(remoteFile, NotebookGenerator.EditOther(smallBase));
                return Run(program, ["git", "merge-driver", baseFile, localFile, remoteFile, "7", "small.ipynb"], [0]);
            });
            var name = Path.GetFileName(program);
            Console.WriteLine(F($"| `{name} git textconv` ({new FileInfo(small).Length / 1e3:F0} KB notebook) | {textconv:F1} ms | +{textconv - floor:F1} ms |"));
            Console.WriteLine(F($"| `{name} git merge-driver` (clean, {smallBase.Length / 1e3:F0} KB notebooks) | {merge:F1} ms | +{merge - floor:F1} ms |"));
        }
    }

    private static void Compare(string operation, Func<Sample> ours, string peer, Func<Sample> theirs, int runs)
    {
        var (mine, minePeak) = Medians(runs, ours);
        if (!OnPath(peer))
        {
            Console.WriteLine(F($"| {operation} | {mine:F0} ms | {Peak(minePeak)} | {peer} | not on PATH: skipped | | |"));
            return;
        }
        var (other, otherPeak) = Medians(runs, theirs);
        Console.WriteLine(F($"| {operation} | {mine:F0} ms | {Peak(minePeak)} | {peer} | {other:F0} ms | {Peak(otherPeak)} | {other / mine:F1}× |"));
    }

    private static string Peak(double? bytes) => bytes is { } b ? F($"{b / 1e6:F0} MB") : "n/a";

    /// <summary>One whole process: its wall time and, when GNU time is there, its peak resident memory.</summary>
    private readonly record struct Sample(double WallMs, double? PeakBytes);

    /// <summary>The medians of wall time and of peak memory over <paramref name="runs"/> runs after one warm-up run.</summary>
    private static (double WallMs, double? PeakBytes) Medians(int runs, Func<Sample> measure)
    {
        measure();
        var samples = Enumerable.Range(0, runs).Select(_ => measure()).ToList();
        var wall = samples.Select(s => s.WallMs).Order().ElementAt(samples.Count / 2);
        var peaks = samples.Where(s => s.PeakBytes is not null).Select(s => s.PeakBytes!.Value).Order().ToList();
        return (wall, peaks.Count == samples.Count ? peaks[peaks.Count / 2] : null);
    }

    /// <summary>
    /// Runs a process to its end under GNU time (<c>%M</c>: the process's maximum resident set, in KB)
    /// and returns its wall time – measured here, around the process as before – and that peak. Without
    /// GNU time the process runs directly and the peak is unknown. An unexpected exit code throws.
    /// </summary>
    private static Sample Measure(string program, string[] arguments, int[] exitCodes)
    {
        if (!WholeProcess.GnuTimeInstalled) return new Sample(Run(program, arguments, exitCodes), null);
        var (wall, report) = WholeProcess.RunUnderGnuTime(WholeProcess.Start(program, arguments), "%M", exitCodes);
        return new Sample(wall, report[0] * 1024);
    }

    /// <summary>The median of <paramref name="runs"/> timings after one warm-up run (the disk cache, the peer's imports).</summary>
    private static double Median(int runs, Func<double> measure) => Medians(runs, () => new Sample(measure(), null)).WallMs;

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, program)));

    /// <summary>Runs a process to its end and returns its wall time in milliseconds; an unexpected exit code throws.</summary>
    private static double Run(string program, string[] arguments, int[] exitCodes) => WholeProcess.Run(WholeProcess.Start(program, arguments), exitCodes);

    private static string Output(string program, string[] arguments)
    {
        using var process = Process.Start(WholeProcess.Start(program, arguments))!;
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return text;
    }


    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
