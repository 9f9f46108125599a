using System.Diagnostics;
using System.Text;
using NbTools.Core.IO;

namespace NbTools.Core.Git;

/// <summary>
/// Checks that the nbtools command git has recorded for its drivers still starts: the program
/// exists and is executable, answers <c>--version</c>, and is the same version as the nbtools
/// asking (an older build from another clone merges differently, or not at all).
/// </summary>
internal static class DriverCommandCheck
{
    /// <summary>Findings (each with its fix) about <paramref name="setting"/>'s value; empty when it is fine.</summary>
    public static List<string> Check(string key, string setting, string subcommand, string? selfCommand, string? selfVersion)
    {
        var findings = new List<string>();
        var at = setting.IndexOf(" " + subcommand, StringComparison.Ordinal);
        var program = at > 0 ? setting[..at] : setting;
        var words = ShellWords(program);
        if (words.Count == 0)
        {
            findings.Add($"error: {key} has no program to run; run 'nbtools git install'");
            return findings;
        }
        if (Missing(words[0]) is { } problem)
        {
            findings.Add($"error: {key} runs {words[0]}, which {problem}: git will fail and report every notebook as a conflict; run 'nbtools git install' with the nbtools you use now");
            return findings;
        }
        if (words.Count > 1 && words[1].EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && !File.Exists(words[1]))
        {
            findings.Add($"error: {key} runs {words[1]}, which does not exist: git will fail; run 'nbtools git install' with the nbtools you use now");
            return findings;
        }
        var (started, version) = Version(program);
        if (!started)
        {
            findings.Add($"error: {key}: '{program} --version' does not start ({version}); run 'nbtools git install' with the nbtools you use now");
            return findings;
        }
        if (selfVersion is not null && version != selfVersion)
        {
            findings.Add($"error: {key} runs nbtools {version}, but this is nbtools {selfVersion} (a stale install from another clone or build?); run 'nbtools git install' to record this one");
        }
        else if (selfCommand is not null && program != selfCommand)
        {
            findings.Add($"note: {key} runs {program}, not this nbtools ({selfCommand}); same version, so that is fine unless that build goes away");
        }
        return findings;
    }

    /// <summary>Why a program cannot start (null when it can): missing, not executable, not on PATH.</summary>
    private static string? Missing(string program)
    {
        if (program.Contains('/'))
        {
            if (!File.Exists(program)) return "does not exist";
            return FileKind.IsExecutable(program) ? null : "is not executable";
        }
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Any(dir => File.Exists(Path.Combine(dir, program)))
            ? null : "is not on PATH";
    }

    private static (bool Started, string Output) Version(string program)
    {
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(program + " --version");
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                process.Kill(entireProcessTree: true);
                return (false, "no answer in 30 s");
            }
            return process.ExitCode == 0
                ? (true, output.Result.Trim())
                : (false, $"exit code {process.ExitCode}: {FirstLine(error.Result)}");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (false, ex.Message);
        }
    }

    private static string FirstLine(string text) => text.Trim().Split('\n')[0];

    /// <summary>Splits the start of a shell command into words, honouring single and double quotes and backslashes.</summary>
    internal static List<string> ShellWords(string command)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < command.Length; i++)
        {
            var c = command[i];
            if (c == '\'')
            {
                inWord = true;
                var end = command.IndexOf('\'', i + 1);
                if (end < 0) end = command.Length;
                word.Append(command, i + 1, end - i - 1);
                i = end;
            }
            else if (c == '"')
            {
                inWord = true;
                for (i++; i < command.Length && command[i] != '"'; i++)
                {
                    if (command[i] == '\\' && i + 1 < command.Length) i++;
                    word.Append(command[i]);
                }
            }
            else if (c == '\\' && i + 1 < command.Length)
            {
                inWord = true;
                word.Append(command[++i]);
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord) words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
            else
            {
                inWord = true;
                word.Append(c);
            }
        }
        if (inWord) words.Add(word.ToString());
        return words;
    }
}
