namespace NbTools.Tracking.Rest;

/// <summary>
/// How the MLflow server client connects and retries; the defaults are MLflow's own client's
/// (MLFLOW_HTTP_REQUEST_MAX_RETRIES=7, backoff factor 2 s, timeout 120 s) and its credential variables.
/// </summary>
public sealed record MlflowRestOptions
{
    /// <summary>Retries of a request that failed with 408, 429, 5xx or a connection error.</summary>
    public int MaxRetries { get; init; } = EnvInt("MLFLOW_HTTP_REQUEST_MAX_RETRIES") ?? 7;

    /// <summary>The first retry's delay; each further retry doubles it (with jitter), or waits as Retry-After says.</summary>
    public TimeSpan BackoffDelay { get; init; } = TimeSpan.FromSeconds(EnvInt("MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR") ?? 2);

    /// <summary>Timeout of one request.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(EnvInt("MLFLOW_HTTP_REQUEST_TIMEOUT") ?? 120);

    /// <summary>Basic auth user (MLFLOW_TRACKING_USERNAME); with <see cref="Password"/> it wins over a token.</summary>
    public string? Username { get; init; } = Env("MLFLOW_TRACKING_USERNAME");

    /// <summary>Basic auth password (MLFLOW_TRACKING_PASSWORD).</summary>
    public string? Password { get; init; } = Env("MLFLOW_TRACKING_PASSWORD");

    /// <summary>Bearer token (MLFLOW_TRACKING_TOKEN).</summary>
    public string? Token { get; init; } = Env("MLFLOW_TRACKING_TOKEN");

    /// <summary>Metric points buffered per run before a log-batch is sent (MLflow's limit per call: 1000).</summary>
    public int MetricBatchSize { get; init; } = 1000;

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    private static int? EnvInt(string name) => int.TryParse(Env(name), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : null;
}
