using NbTools.Tracking.Rest;

namespace NbTools.Tests.Support;

/// <summary>
/// The server a contract test talks to: the stand-in, or – when NBTOOLS_MLFLOW_TEST_URI is set – a
/// real MLflow tracking server too (credentials from MLFLOW_TRACKING_USERNAME/PASSWORD/TOKEN or
/// ~/.mlflow/credentials, as MLflow's client takes them). CI sets no such variable and uses the stand-in.
/// </summary>
public sealed class MlflowTestServer : IDisposable
{
    public const string Variable = "NBTOOLS_MLFLOW_TEST_URI";
    private readonly FakeMlflowServer? standIn;

    private MlflowTestServer(string kind)
    {
        Kind = kind;
        if (kind == "stand-in")
        {
            standIn = new FakeMlflowServer();
            Url = standIn.Url;
            Options = new MlflowRestOptions { BackoffDelay = TimeSpan.FromMilliseconds(5), MaxRetries = 2, Username = null, Password = null, Token = null };
        }
        else
        {
            Url = Environment.GetEnvironmentVariable(Variable)!;
            Options = new MlflowRestOptions { MaxRetries = 2, BackoffDelay = TimeSpan.FromMilliseconds(200) };
        }
    }

    public string Kind { get; }

    public string Url { get; }

    public MlflowRestOptions Options { get; }

    /// <summary>"stand-in" always; "real" too when NBTOOLS_MLFLOW_TEST_URI names a server.</summary>
    public static TheoryData<string> Kinds()
    {
        var kinds = new TheoryData<string> { "stand-in" };
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable))) kinds.Add("real");
        return kinds;
    }

    public static MlflowTestServer Start(string kind) => new(kind);

    public MlflowRestStore Store() => new(new Uri(Url), Options);

    /// <summary>A name no earlier test run used (a real server keeps what it is sent).</summary>
    public static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..12];

    public void Dispose() => standIn?.Dispose();
}
