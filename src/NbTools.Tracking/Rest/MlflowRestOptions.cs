namespace NbTools.Tracking.Rest;

/// <summary>
/// How the MLflow server client connects, authenticates and retries. The defaults are MLflow's own
/// client's, read from the same variables: <c>MLFLOW_HTTP_REQUEST_MAX_RETRIES</c> (7),
/// <c>MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR</c> (2 s), <c>MLFLOW_HTTP_REQUEST_TIMEOUT</c> (120 s),
/// <c>MLFLOW_TRACKING_USERNAME</c>/<c>_PASSWORD</c> (else <c>~/.mlflow/credentials</c>),
/// <c>MLFLOW_TRACKING_TOKEN</c>, <c>MLFLOW_TRACKING_INSECURE_TLS</c>,
/// <c>MLFLOW_TRACKING_SERVER_CERT_PATH</c> and <c>MLFLOW_TRACKING_CLIENT_CERT_PATH</c>. A server that
/// cannot be reached at all (connection refused, unknown host, no answer to connect) is given up on
/// after <see cref="ConnectFailureBudget"/>, not after the minutes the full backoff would take.
/// </summary>
public sealed record MlflowRestOptions
{
    private static readonly Lazy<(string? User, string? Password)> CredentialsFile = new(() => MlflowCredentialsFile.Read(MlflowCredentialsFile.DefaultPath()));

    /// <summary>Retries of a request that failed with 408, 429, 5xx, a timeout or a connection error.</summary>
    public int MaxRetries { get; init; } = EnvInt("MLFLOW_HTTP_REQUEST_MAX_RETRIES") ?? 7;

    /// <summary>The backoff factor: retry k waits factor × 2^(k-1) plus up to 1 s of jitter (at most 120 s), or what Retry-After says.</summary>
    public TimeSpan BackoffDelay { get; init; } = TimeSpan.FromSeconds(EnvDouble("MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR") ?? 2);

    /// <summary>Timeout of one request.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(EnvDouble("MLFLOW_HTTP_REQUEST_TIMEOUT") ?? 120);

    /// <summary>How long one TCP connect may take before it counts as a connection failure.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Connection failures (refused, unknown host, connect timeout) are retried only while the time spent stays within this budget.</summary>
    public TimeSpan ConnectFailureBudget { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Basic auth user: MLFLOW_TRACKING_USERNAME, else <c>mlflow_tracking_username</c> of <c>~/.mlflow/credentials</c>. With <see cref="Password"/> it wins over a token.</summary>
    public string? Username { get; init; } = Env("MLFLOW_TRACKING_USERNAME") ?? CredentialsFile.Value.User;

    /// <summary>Basic auth password: MLFLOW_TRACKING_PASSWORD, else <c>mlflow_tracking_password</c> of <c>~/.mlflow/credentials</c>.</summary>
    public string? Password { get; init; } = Env("MLFLOW_TRACKING_PASSWORD") ?? CredentialsFile.Value.Password;

    /// <summary>Bearer token (MLFLOW_TRACKING_TOKEN).</summary>
    public string? Token { get; init; } = Env("MLFLOW_TRACKING_TOKEN");

    /// <summary>Accept any server certificate (MLFLOW_TRACKING_INSECURE_TLS=true): for test servers only.</summary>
    public bool InsecureTls { get; init; } = string.Equals(Env("MLFLOW_TRACKING_INSECURE_TLS"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>A PEM file of CA certificates that the server's certificate must chain to (MLFLOW_TRACKING_SERVER_CERT_PATH).</summary>
    public string? ServerCertPath { get; init; } = Env("MLFLOW_TRACKING_SERVER_CERT_PATH");

    /// <summary>A PEM file with the client certificate and its private key, sent to servers that ask for one (MLFLOW_TRACKING_CLIENT_CERT_PATH).</summary>
    public string? ClientCertPath { get; init; } = Env("MLFLOW_TRACKING_CLIENT_CERT_PATH");

    /// <summary>Told of every retry (what failed, which retry, how long it waits), e.g. to show it on stderr; null: silent.</summary>
    public Action<string>? OnRetry { get; init; }

    /// <summary>Metric points buffered per run before a log-batch is sent (MLflow's limit per call: 1000).</summary>
    public int MetricBatchSize { get; init; } = 1000;

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    private static int? EnvInt(string name) => int.TryParse(Env(name), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : null;

    private static double? EnvDouble(string name) => double.TryParse(Env(name), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : null;
}
