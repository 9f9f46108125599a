using System.Diagnostics;

namespace NbTools.Core.Git;

/// <summary>Reads file versions from git with the real <c>git</c> program.</summary>
public static class GitBlobs
{
    /// <summary>The bytes of <paramref name="path"/> (relative to the working folder) at <paramref name="revision"/>; null when it does not exist there.</summary>
    public static byte[]? Show(string revision, string path, string? workingFolder = null)
    {
        var (code, output, error) = Run(workingFolder, "show", $"{revision}:./{path.Replace('\\', '/')}");
        if (code == 0) return output;
        if (error.Contains("exists on disk, but not in", StringComparison.Ordinal) || error.Contains("does not exist in", StringComparison.Ordinal)) return null;
        throw new NbToolsException($"git show {revision}:{path}: {error.Trim().Split('\n')[0]}");
    }

    /// <summary>Runs git and returns its exit code, standard output bytes and standard error text.</summary>
    public static (int Code, byte[] Output, string Error) Run(string? workingFolder, params string[] args)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingFolder ?? Environment.CurrentDirectory,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new NbToolsException("git is not installed or not on PATH");
        }
        using (process)
        {
            var output = new MemoryStream();
            var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
            var error = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            copy.Wait();
            return (process.ExitCode, output.ToArray(), error.Result);
        }
    }
}
