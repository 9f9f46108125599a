using System.Diagnostics;
using System.Globalization;

namespace NbTools.Benchmarks;

/// <summary>
/// One whole process run to its end, timed from outside as a user waits for it, and optionally
/// under GNU time (<c>/usr/bin/time</c>), which reports what only the kernel knows of it: CPU time
/// and peak resident memory. Shared by the <c>processes</c> and <c>peers</c> benchmarks.
/// </summary>
internal static class WholeProcess
{
    private const string GnuTimeProgram = "/usr/bin/time";

    public static bool GnuTimeInstalled => File.Exists(GnuTimeProgram);

    /// <summary>Runs <paramref name="start"/> to its end and returns its wall time in milliseconds; an exit code not in <paramref name="exitCodes"/> throws.</summary>
    public static double Run(ProcessStartInfo start, int[] exitCodes)
    {
        var what = string.Join(' ', start.ArgumentList.Prepend(start.FileName));
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {start.FileName}");
        process.StandardOutput.BaseStream.CopyTo(Stream.Null);
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        watch.Stop();
        if (!exitCodes.Contains(process.ExitCode)) throw new InvalidOperationException($"{what} exited {process.ExitCode}: {error}");
        return watch.Elapsed.TotalMilliseconds;
    }

    /// <summary>
    /// Runs <paramref name="start"/> under GNU time with <paramref name="format"/> (e.g. <c>%M</c>, the
    /// peak resident set in KB) and returns its wall time and the fields GNU time reported.
    /// </summary>
    public static (double WallMs, double[] Report) RunUnderGnuTime(ProcessStartInfo start, string format, int[] exitCodes)
    {
        if (!GnuTimeInstalled) throw new InvalidOperationException($"GNU time is not installed at {GnuTimeProgram}");
        var report = Path.GetTempFileName();
        try
        {
            foreach (var (a, i) in new[] { "-o", report, "-f", format, start.FileName }.Select((a, i) => (a, i))) start.ArgumentList.Insert(i, a);
            start.FileName = GnuTimeProgram;
            var wall = Run(start, exitCodes);
            // GNU time writes "Command exited with non-zero status N" before the format line when N != 0.
            var fields = File.ReadAllLines(report).Last().Trim().Split(' ').Select(f => double.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            return (wall, fields);
        }
        finally
        {
            File.Delete(report);
        }
    }

    /// <summary>A start for <paramref name="program"/> with its output redirected (an <c>.dll</c> runs through <c>dotnet</c>).</summary>
    public static ProcessStartInfo Start(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (program.EndsWith(".dll", StringComparison.Ordinal))
        {
            start.FileName = "dotnet";
            start.ArgumentList.Add(program);
        }
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        return start;
    }
}
