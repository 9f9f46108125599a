using System.CommandLine;

namespace NbTools.Cli;

/// <summary>
/// Keeps file names that start with a dash from being read as options: <c>validate -v.ipynb</c> means
/// the file <c>-v.ipynb</c> when such a file exists and no option is spelled that way, so it is passed
/// on as <c>./-v.ipynb</c>. (After <c>--</c> nothing is an option anyway.)
/// </summary>
public static class CliArguments
{
    /// <summary>The arguments with dash-named existing files made explicit paths.</summary>
    public static string[] ProtectFileNames(string[] args, Command root)
    {
        var options = new HashSet<string>(StringComparer.Ordinal);
        Collect(root, options);
        var result = (string[])args.Clone();
        for (var i = 0; i < result.Length; i++)
        {
            var arg = result[i];
            if (arg == "--") break;
            if (arg.Length > 1 && arg[0] == '-' && !options.Contains(arg) && !options.Contains(arg.Split('=', ':')[0]) && File.Exists(arg))
            {
                result[i] = "." + Path.DirectorySeparatorChar + arg;
            }
        }
        return result;
    }

    private static void Collect(Command command, HashSet<string> options)
    {
        foreach (var option in command.Options)
        {
            options.Add(option.Name);
            foreach (var alias in option.Aliases) options.Add(alias);
        }
        foreach (var sub in command.Subcommands) Collect(sub, options);
    }
}
