namespace NbTools.Tracking.Rest;

/// <summary>
/// MLflow's credentials file, <c>~/.mlflow/credentials</c>: an INI file whose <c>[mlflow]</c> section
/// holds <c>mlflow_tracking_username</c> and <c>mlflow_tracking_password</c> (mlflow/utils/credentials.py).
/// The environment variables win over it, each on its own.
/// </summary>
internal static class MlflowCredentialsFile
{
    public static string? DefaultPath()
    {
        var home = Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".mlflow", "credentials");
    }

    public static (string? User, string? Password) Read(string? path)
    {
        if (path is null || !File.Exists(path)) return (null, null);
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (IOException)
        {
            return (null, null); // unreadable: as if absent, as MLflow's configparser does
        }
        catch (UnauthorizedAccessException)
        {
            return (null, null);
        }
    }

    /// <summary>The user and password of the <c>[mlflow]</c> section (configparser syntax: <c>key = value</c> or <c>key: value</c>, <c>#</c>/<c>;</c> comments).</summary>
    public static (string? User, string? Password) Parse(string text)
    {
        string? section = null, user = null, password = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';') continue;
            if (line[0] == '[' && line[^1] == ']')
            {
                section = line[1..^1].Trim();
                continue;
            }
            if (section != "mlflow") continue;
            var split = line.IndexOfAny(['=', ':']);
            if (split < 0) continue;
            var key = line[..split].Trim().ToLowerInvariant();
            var value = line[(split + 1)..].Trim();
            if (value.Length == 0) continue;
            if (key == "mlflow_tracking_username") user = value;
            else if (key == "mlflow_tracking_password") password = value;
        }
        return (user, password);
    }
}
