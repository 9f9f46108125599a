namespace NbTools.Core.Git;

/// <summary>Where <c>nbtools git install</c> writes: this repository, or the user's global git setup.</summary>
public enum GitScope
{
    Local,
    Global,
}

/// <summary>
/// Installs and removes NbTools' git integration – a diff driver whose textconv is
/// <c>nbtools git textconv</c>, the merge driver <c>nbtools git merge-driver</c>, optionally the
/// clean filter <c>nbtools strip -</c> – and the <c>*.ipynb</c> attributes line; idempotent, every
/// change reported. <see cref="Doctor"/> shows what is in effect and what overrides it.
/// </summary>
public static class GitSetup
{
    /// <summary>The attributes line install adds.</summary>
    public static string AttributesLine(bool stripOutputs) => "*.ipynb diff=nbtools merge=nbtools" + (stripOutputs ? " filter=nbtools-strip" : "");

    private static readonly string[] AllLines = [AttributesLine(false), AttributesLine(true)];

    /// <summary>
    /// The settings install writes, for a command that runs nbtools; git's textconv and merge driver
    /// run <paramref name="driverCommand"/> instead when given (the native nbtools-git, which starts faster).
    /// </summary>
    public static List<(string Key, string Value)> Settings(string command, bool stripOutputs, string? driverCommand = null)
    {
        var driver = driverCommand ?? command;
        var settings = new List<(string, string)>
        {
            ("diff.nbtools.textconv", driver + " git textconv"),
            ("merge.nbtools.name", "nbtools notebook merge"),
            ("merge.nbtools.driver", driver + " git merge-driver %O %A %B %L %P --local-label %X --remote-label %Y"),
        };
        if (stripOutputs) settings.Add(("filter.nbtools-strip.clean", command + " strip -"));
        settings.AddRange(ToolSettings(command));
        return settings;
    }

    /// <summary>
    /// <c>git mergetool --tool nbtools</c> and <c>git difftool --tool nbtools</c>: git runs these
    /// through the shell with $BASE, $LOCAL, $REMOTE and $MERGED set; trustExitCode lets the
    /// mergetool's exit code (0 saved, 1 closed unsaved) say whether the file was resolved.
    /// </summary>
    private static List<(string Key, string Value)> ToolSettings(string command) =>
    [
        ("mergetool.nbtools.cmd", command + " mergetool \"$BASE\" \"$LOCAL\" \"$REMOTE\" -o \"$MERGED\""),
        ("mergetool.nbtools.trustExitCode", "true"),
        ("difftool.nbtools.cmd", command + " difftool \"$LOCAL\" \"$REMOTE\""),
    ];

    /// <summary>Configures git; returns one line per change (or per setting already in place).</summary>
    public static List<string> Install(GitScope scope, string command, bool stripOutputs, bool dryRun, string folder, string? driverCommand = null)
    {
        var report = new List<string>();
        foreach (var (key, value) in Settings(command, stripOutputs, driverCommand))
        {
            var current = Get(scope, key, folder);
            if (current == value)
            {
                report.Add($"already set: {key} = {value}");
                continue;
            }
            if (!dryRun) Config(folder, scope, key, value);
            report.Add($"{(dryRun ? "would set" : "set")}: {key} = {value}" + (current is null ? "" : $" (was {current})"));
        }
        var attributes = AttributesFile(scope, folder);
        var line = AttributesLine(stripOutputs);
        var lines = File.Exists(attributes) ? File.ReadAllLines(attributes).ToList() : [];
        if (lines.Contains(line))
        {
            report.Add($"already in {attributes}: {line}");
        }
        else
        {
            var replaced = lines.RemoveAll(l => AllLines.Contains(l)) > 0;
            lines.Add(line);
            if (!dryRun)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(attributes)!);
                IO.AtomicFile.Write(attributes, System.Text.Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));
            }
            report.Add($"{(dryRun ? "would add" : replaced ? "updated" : "added")} to {attributes}: {line}");
        }
        return report;
    }

    /// <summary>Removes exactly what install added.</summary>
    public static List<string> Uninstall(GitScope scope, bool dryRun, string folder)
    {
        var report = new List<string>();
        foreach (var key in new[] { "diff.nbtools.textconv", "merge.nbtools.name", "merge.nbtools.driver", "filter.nbtools-strip.clean", "mergetool.nbtools.cmd", "mergetool.nbtools.trustExitCode", "difftool.nbtools.cmd" })
        {
            if (Get(scope, key, folder) is not { } value) continue;
            if (!dryRun) GitBlobs.Run(folder, ["config", ScopeFlag(scope), "--unset", key]);
            report.Add($"{(dryRun ? "would unset" : "unset")}: {key} (was {value})");
        }
        foreach (var section in new[] { "diff.nbtools", "merge.nbtools", "filter.nbtools-strip", "mergetool.nbtools", "difftool.nbtools" })
        {
            if (!dryRun) GitBlobs.Run(folder, ["config", ScopeFlag(scope), "--remove-section", section]); // fails harmlessly when gone
        }
        var attributes = AttributesFile(scope, folder);
        if (File.Exists(attributes))
        {
            var lines = File.ReadAllLines(attributes).ToList();
            var removed = lines.Where(l => AllLines.Contains(l)).ToList();
            if (removed.Count > 0)
            {
                lines.RemoveAll(l => AllLines.Contains(l));
                if (!dryRun)
                {
                    if (lines.Count == 0) File.Delete(attributes);
                    else IO.AtomicFile.Write(attributes, System.Text.Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));
                }
                foreach (var line in removed) report.Add($"{(dryRun ? "would remove" : "removed")} from {attributes}: {line}");
            }
        }
        if (report.Count == 0) report.Add("nothing to remove: NbTools' git integration is not installed here");
        return report;
    }

    /// <summary>
    /// What is in effect for notebooks here, and what would break a diff or a merge: settings
    /// missing or overridden, and a recorded nbtools that does not start or is another version than
    /// <paramref name="selfVersion"/> (the nbtools asking, run as <paramref name="selfCommand"/>).
    /// Every finding says the command that fixes it.
    /// </summary>
    public static (List<string> Lines, bool Healthy) Doctor(string folder, string? selfCommand = null, string? selfVersion = null)
    {
        var lines = new List<string>();
        var healthy = true;
        var checkedPrograms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, subcommand) in new[] { ("diff.nbtools.textconv", "git textconv"), ("merge.nbtools.driver", "git merge-driver"), ("filter.nbtools-strip.clean", "strip"), ("mergetool.nbtools.cmd", "mergetool") })
        {
            var (code, output, _) = GitBlobs.Run(folder, "config", "--get", key);
            var value = code == 0 ? System.Text.Encoding.UTF8.GetString(output).Trim() : null;
            lines.Add($"{key}: {value ?? "(not set)"}");
            if (value is null)
            {
                if (key.StartsWith("filter.", StringComparison.Ordinal)) continue;
                if (key.StartsWith("mergetool.", StringComparison.Ordinal))
                {
                    lines.Add("note: 'git mergetool --tool nbtools' is not configured (optional); run nbtools git install");
                    continue;
                }
                healthy = false;
                lines.Add($"warning: {key} is not set, so git ignores the nbtools driver; run nbtools git install");
                continue;
            }
            var at = value.IndexOf(" " + subcommand, StringComparison.Ordinal);
            if (!checkedPrograms.Add(at > 0 ? value[..at] : value)) continue; // the same program: checked once
            foreach (var finding in DriverCommandCheck.Check(key, value, subcommand, selfCommand, selfVersion))
            {
                if (finding.StartsWith("error:", StringComparison.Ordinal)) healthy = false;
                lines.Add(finding);
            }
        }
        if (GitBlobs.Run(folder, "config", "--get", "mergetool.nbtools.cmd").Code == 0)
        {
            var (trustCode, trust, _) = GitBlobs.Run(folder, "config", "--bool", "--get", "mergetool.nbtools.trustExitCode");
            var trusted = trustCode == 0 && System.Text.Encoding.UTF8.GetString(trust).Trim() == "true";
            lines.Add($"mergetool.nbtools.trustExitCode: {(trusted ? "true" : "(not true)")}");
            if (!trusted)
            {
                healthy = false;
                lines.Add("warning: mergetool.nbtools.trustExitCode is not true, so git cannot tell a saved resolution from a closed page; run nbtools git install");
            }
        }
        var (attrCode, attrOutput, attrError) = GitBlobs.Run(folder, "check-attr", "diff", "merge", "filter", "--", "probe.ipynb");
        if (attrCode != 0)
        {
            lines.Add("git check-attr failed: " + attrError.Trim());
            return (lines, false);
        }
        var effective = System.Text.Encoding.UTF8.GetString(attrOutput).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var line in effective) lines.Add("in effect for *.ipynb: " + line.Replace("probe.ipynb: ", ""));
        string? Value(string attribute) => effective.FirstOrDefault(l => l.Contains($": {attribute}: ", StringComparison.Ordinal))?.Split(": ").Last();
        if (Value("diff") != "nbtools") { healthy = false; lines.Add("warning: *.ipynb does not use diff=nbtools; run nbtools git install"); }
        if (Value("merge") != "nbtools") { healthy = false; lines.Add("warning: *.ipynb does not use merge=nbtools; run nbtools git install"); }
        var (gitDirCode, gitDir, _) = GitBlobs.Run(folder, "rev-parse", "--git-dir");
        if (gitDirCode == 0)
        {
            var info = Path.Combine(folder, System.Text.Encoding.UTF8.GetString(gitDir).Trim(), "info", "attributes");
            if (File.Exists(info))
            {
                foreach (var line in File.ReadAllLines(info).Where(l => l.Contains("ipynb", StringComparison.Ordinal) && !AllLines.Contains(l)))
                {
                    healthy = false;
                    lines.Add($"warning: {info} has \"{line}\", which overrides .gitattributes (nbstripout and nbdime write there); remove it to use NbTools' drivers");
                }
            }
        }
        return (lines, healthy);
    }

    private static string? Get(GitScope scope, string key, string folder)
    {
        var (code, output, _) = GitBlobs.Run(folder, "config", ScopeFlag(scope), "--get", key);
        return code == 0 ? System.Text.Encoding.UTF8.GetString(output).TrimEnd('\n') : null;
    }

    private static void Config(string folder, GitScope scope, string key, string value)
    {
        var (code, _, error) = GitBlobs.Run(folder, "config", ScopeFlag(scope), key, value);
        if (code != 0) throw new NbToolsException($"git config {key}: {error.Trim()}");
    }

    private static string ScopeFlag(GitScope scope) => scope == GitScope.Global ? "--global" : "--local";

    /// <summary>The repository's .gitattributes, or the user's global attributes file.</summary>
    public static string AttributesFile(GitScope scope, string folder)
    {
        if (scope == GitScope.Global)
        {
            var (code, output, _) = GitBlobs.Run(folder, "config", "--global", "--get", "core.attributesfile");
            if (code == 0) return Environment.ExpandEnvironmentVariables(System.Text.Encoding.UTF8.GetString(output).Trim().Replace("~", Environment.GetFolderPath(Environment.SpecialFolder.UserProfile)));
            var xdg = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
            return Path.Combine(string.IsNullOrEmpty(xdg) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config") : xdg, "git", "attributes");
        }
        var (topCode, top, error) = GitBlobs.Run(folder, "rev-parse", "--show-toplevel");
        if (topCode != 0) throw new NbToolsException($"{folder}: not inside a git repository ({error.Trim()}); use --global, or run this in a repository");
        return Path.Combine(System.Text.Encoding.UTF8.GetString(top).Trim(), ".gitattributes");
    }
}
