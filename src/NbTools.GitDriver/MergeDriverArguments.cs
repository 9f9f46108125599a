using NbTools.Core.Git;
using NbTools.Core.Merging;

namespace NbTools.GitDriver;

/// <summary>The merge driver's arguments: %O %A %B, optional %L and %P, and nbtools' strategy and label options.</summary>
internal sealed record MergeDriverArguments(string Base, string Local, string Remote, string? Path, MergeOptions Options)
{
    /// <summary>The parsed arguments, or null when they are not valid (<see cref="Problem"/> says why).</summary>
    public static MergeDriverArguments? Parse(string[] args) => Read(args, out _);

    public static string Problem(string[] args)
    {
        Read(args, out var problem);
        return problem ?? "invalid arguments";
    }

    private static MergeDriverArguments? Read(string[] args, out string? problem)
    {
        var positional = new List<string>();
        var named = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg == "--")
            {
                positional.Add(arg);
                continue;
            }
            var equals = arg.IndexOf('=');
            var (name, value) = equals > 0 ? (arg[..equals], arg[(equals + 1)..]) : (arg, i + 1 < args.Length ? args[++i] : null);
            if (value is null)
            {
                problem = $"option {name} needs a value";
                return null;
            }
            named[name] = value;
        }
        problem = Check(positional, named);
        if (problem is not null) return null;
        var options = GitMergeDriver.Options(named.GetValueOrDefault("--strategy", "inline"), named.GetValueOrDefault("--source-strategy"), named.GetValueOrDefault("--output-strategy"),
            named.GetValueOrDefault("--metadata-strategy"), named.GetValueOrDefault("--local-label"), named.GetValueOrDefault("--remote-label"));
        if (positional.Count > 3 && int.Parse(positional[3], System.Globalization.CultureInfo.InvariantCulture) is > 0 and var size) options = options with { MarkerSize = size };
        return new MergeDriverArguments(positional[0], positional[1], positional[2], positional.Count > 4 && positional[4].Length > 0 ? positional[4] : null, options);
    }

    private static string? Check(List<string> positional, Dictionary<string, string> named)
    {
        if (positional.Count is < 3 or > 5) return $"expected BASE LOCAL REMOTE [MARKER-SIZE] [PATH], got {positional.Count} arguments";
        if (positional.Count > 3 && !int.TryParse(positional[3], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            return $"marker size '{positional[3]}' is not a number";
        }
        foreach (var (name, value) in named)
        {
            var allowed = name switch
            {
                "--strategy" or "--source-strategy" or "--metadata-strategy" => GitMergeDriver.StrategyNames,
                "--output-strategy" => GitMergeDriver.OutputStrategyNames,
                "--local-label" or "--remote-label" => null,
                _ => [],
            };
            if (allowed is { Count: 0 }) return $"unknown option {name}";
            if (allowed is not null && !allowed.Contains(value)) return $"{name} '{value}' is not one of {string.Join(", ", allowed)}";
        }
        return null;
    }
}
