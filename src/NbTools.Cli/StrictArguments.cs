using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace NbTools.Cli;

/// <summary>
/// What System.CommandLine lets through: a mistyped option (<c>--forse</c>) is taken as a file name
/// by a command with file arguments, and a mistyped command is only "unrecognized". Both become an
/// error that names the token and suggests the nearest option or command.
/// </summary>
internal static class StrictArguments
{
    /// <summary>The error for the first unknown option or command in <paramref name="parse"/>, or null.</summary>
    public static string? Problem(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        var afterDoubleDash = new HashSet<Token>(ReferenceEqualityComparer.Instance);
        var seenDoubleDash = false;
        foreach (var token in parse.Tokens)
        {
            if (seenDoubleDash) afterDoubleDash.Add(token);
            else if (token.Type == TokenType.DoubleDash) seenDoubleDash = true;
        }
        var positional = parse.CommandResult.Children.OfType<ArgumentResult>().SelectMany(a => a.Tokens).Concat(parse.UnmatchedTokens.Select(t => new Token(t, TokenType.Argument, null!)));
        foreach (var token in positional)
        {
            if (afterDoubleDash.Contains(token) || !LooksLikeOption(token.Value)) continue;
            var suggestion = Nearest(token.Value, OptionNames(parse.CommandResult));
            return $"unknown option '{token.Value}' for '{CommandPath(parse.CommandResult)}'" +
                (suggestion is null ? "" : $"; did you mean '{suggestion}'?") + " (put '--' before a file name that starts with '-')";
        }
        if (command.Subcommands.Count > 0 && parse.UnmatchedTokens.FirstOrDefault() is { } unknown && !LooksLikeOption(unknown))
        {
            var suggestion = Nearest(unknown, command.Subcommands.SelectMany(c => c.Aliases.Prepend(c.Name)));
            return $"unknown command '{unknown}' for '{CommandPath(parse.CommandResult)}'" + (suggestion is null ? "" : $"; did you mean '{suggestion}'?");
        }
        return null;
    }

    private static bool LooksLikeOption(string value) =>
        value.Length > 1 && value[0] == '-' && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static IEnumerable<string> OptionNames(CommandResult result)
    {
        foreach (var option in result.Command.Options)
        {
            yield return option.Name;
            foreach (var alias in option.Aliases) yield return alias;
        }
        for (var parent = result.Parent as CommandResult; parent is not null; parent = parent.Parent as CommandResult)
        {
            foreach (var option in parent.Command.Options.Where(o => o.Recursive))
            {
                yield return option.Name;
                foreach (var alias in option.Aliases) yield return alias;
            }
        }
    }

    /// <summary>The command as typed, e.g. <c>nbtools models promote</c>.</summary>
    internal static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (var r = result; r is not null; r = r.Parent as CommandResult) names.Insert(0, r.Command is RootCommand ? "nbtools" : r.Command.Name);
        return string.Join(' ', names);
    }

    /// <summary>The candidate closest to <paramref name="typed"/> by edit distance, when close enough to be a typo.</summary>
    internal static string? Nearest(string typed, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates.Distinct(StringComparer.Ordinal))
        {
            var distance = EditDistance(typed, candidate);
            if (distance < bestDistance) (best, bestDistance) = (candidate, distance);
        }
        var allowed = Math.Max(2, typed.TrimStart('-').Length / 3);
        return bestDistance <= allowed ? best : null;
    }

    /// <summary>Optimal string alignment distance (Levenshtein with transpositions): 'forse'→'force' is 1.</summary>
    private static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
