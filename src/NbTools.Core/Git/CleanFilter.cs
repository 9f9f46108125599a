using System.Diagnostics;
using System.Text;

namespace NbTools.Core.Git;

/// <summary>
/// The working copy of a file as git compares it: passed through the clean filter its attributes
/// name (<c>filter=nbtools-strip</c>, nbstripout, …), exactly as <c>git diff</c> and <c>git add</c> do.
/// Without this, a repository that strips outputs on commit shows every output as added.
/// </summary>
public static class CleanFilter
{
    /// <summary>The bytes git would store for <paramref name="path"/> with content <paramref name="content"/>; the content itself when no clean filter applies.</summary>
    public static byte[] Apply(string path, byte[] content, string? workingFolder = null)
    {
        var (code, output, _) = GitBlobs.Run(workingFolder, "check-attr", "filter", "--", path);
        if (code != 0) return content;
        var value = Encoding.UTF8.GetString(output).Trim().Split(": ").LastOrDefault();
        if (value is null or "unspecified" or "unset" or "set") return content;
        var (configCode, command, _) = GitBlobs.Run(workingFolder, "config", "--get", $"filter.{value}.clean");
        if (configCode != 0) return content; // git, too, passes the file through when the filter has no clean command
        return Run(Encoding.UTF8.GetString(command).Trim(), path, content, workingFolder);
    }

    private static byte[] Run(string command, string path, byte[] content, string? workingFolder)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingFolder ?? Environment.CurrentDirectory,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command.Replace("%f", "'" + path.Replace("'", "'\\''") + "'", StringComparison.Ordinal));
        using var process = Process.Start(start) ?? throw new NbToolsException($"{path}: cannot start the clean filter '{command}'");
        var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            process.StandardInput.BaseStream.Write(content);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // the filter stopped reading early; its exit code says whether that was a failure
        }
        process.WaitForExit();
        copy.Wait();
        if (process.ExitCode != 0)
        {
            throw new NbToolsException($"{path}: the clean filter '{command}' failed (exit code {process.ExitCode}): {error.Result.Trim().Split('\n')[0]}");
        }
        return output.ToArray();
    }
}
