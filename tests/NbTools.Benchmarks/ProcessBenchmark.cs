using System.Diagnostics;
using System.Globalization;

namespace NbTools.Benchmarks;

/// <summary>
/// <c>processes NBTOOLS [--cells 1000,10000,100000] [--runs N] [--work DIR]</c>: the four large-file
/// operations (.ipynb → percent script, back, JSON diff, three-way merge) as whole published
/// <c>nbtools</c> processes, start-up included – as a user and the peers' own timings see them. Each
/// runs under GNU time (<c>/usr/bin/time</c>), which reports the process's CPU time and peak resident
/// memory; the table shows medians of N runs after one warm-up, and the peak against the file size.
/// </summary>
internal static class ProcessBenchmark
{
    public static int Run(string[] args, string corpus)
    {
        if (args.Length < 2) throw new ArgumentException("processes needs the nbtools executable to time");
        var nbtools = Path.GetFullPath(args[1]);
        var sizes = (BenchmarkCli.Option(args, "--cells") ?? "1000,10000,100000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture));
        var runs = int.Parse(BenchmarkCli.Option(args, "--runs") ?? "5", CultureInfo.InvariantCulture);
        var work = BenchmarkCli.Option(args, "--work") ?? Path.Combine(Path.GetTempPath(), "nbtools-bench-processes");
        Directory.CreateDirectory(work);
        Console.WriteLine("| operation | cells | file | median wall | median CPU (user+sys) | peak memory | peak / file | peak / all inputs |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var cells in sizes)
        {
            var notebook = Path.Combine(work, $"generated-{cells}.ipynb");
            if (!File.Exists(notebook)) File.WriteAllBytes(notebook, NotebookGenerator.Generate(corpus, cells));
            var bytes = File.ReadAllBytes(notebook);
            var (local, remote, script) = (Path.ChangeExtension(notebook, ".local.ipynb"), Path.ChangeExtension(notebook, ".remote.ipynb"), Path.ChangeExtension(notebook, ".py"));
            if (!File.Exists(local)) File.WriteAllBytes(local, NotebookGenerator.Edit(bytes));
            if (!File.Exists(remote)) File.WriteAllBytes(remote, NotebookGenerator.EditOther(bytes));
            Time(nbtools, ["convert", notebook, "--to", "py", "-o", script, "--force"]);
            // The files each operation reads: a diff holds two notebooks, a merge three.
            var operations = new (string Name, string[] Arguments, string[] Inputs)[]
            {
                (".ipynb → percent script", ["convert", notebook, "--to", "py", "-o", Path.Combine(work, "out.py"), "--force"], [notebook]),
                ("percent script → .ipynb", ["convert", script, "--to", "ipynb", "-o", Path.Combine(work, "out.ipynb"), "--force"], [script]),
                ("diff (JSON)", ["diff", notebook, local, "--format", "json", "--out", Path.Combine(work, "diff.json")], [notebook, local]),
                ("three-way merge", ["merge", notebook, local, remote, "-o", Path.Combine(work, "merged.ipynb")], [notebook, local, remote]),
            };
            foreach (var (name, arguments, inputs) in operations)
            {
                var inputBytes = inputs.Sum(f => new FileInfo(f).Length);
                Time(nbtools, arguments); // warm-up: the disk cache
                var samples = Enumerable.Range(0, runs).Select(_ => Time(nbtools, arguments)).ToList();
                double Median(Func<Sample, double> of) => samples.Select(of).Order().ElementAt(samples.Count / 2);
                var peak = Median(s => s.PeakBytes);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | {cells:N0} | {bytes.Length / 1e6:F1} MB | {Median(s => s.WallMs):F0} ms | {Median(s => s.CpuMs):F0} ms | {peak / 1e6:F0} MB | {peak / bytes.Length:F1}× | {peak / inputBytes:F1}× |"));
            }
        }
        return 0;
    }

    private readonly record struct Sample(double WallMs, double CpuMs, double PeakBytes);

    /// <summary>One whole process under GNU time: wall and CPU time, and peak resident memory.</summary>
    private static Sample Time(string nbtools, string[] arguments)
    {
        var (_, fields) = WholeProcess.RunUnderGnuTime(WholeProcess.Start(nbtools, arguments), "%e %U %S %M", [0, 1]);
        return new Sample(fields[0] * 1000, (fields[1] + fields[2]) * 1000, fields[3] * 1024);
    }
}
