using NbTools.Tracking.Rest;

namespace NbTools.Tracking.Tests;

/// <summary>MLFLOW_TRACKING_INSECURE_TLS, MLFLOW_TRACKING_SERVER_CERT_PATH and MLFLOW_TRACKING_CLIENT_CERT_PATH against a real TLS handshake.</summary>
public sealed class TlsTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    private static readonly MlflowRestOptions Quick = new() { BackoffDelay = TimeSpan.FromMilliseconds(5), MaxRetries = 1, Username = null, Password = null, Token = null, InsecureTls = false, ServerCertPath = null, ClientCertPath = null };

    private static string Experiment(TlsMlflowServer server, MlflowRestOptions options)
    {
        using var store = new MlflowRestStore(new Uri(server.Url), options);
        return store.GetOrCreateExperiment("tls");
    }

    [Fact]
    public void A_server_whose_certificate_is_not_trusted_is_refused_with_what_to_set()
    {
        using var server = new TlsMlflowServer(temp.Path, requireClientCertificate: false);
        var error = Assert.Throws<TrackingException>(() => Experiment(server, Quick));
        Assert.Contains("TLS failed", error.Message);
        Assert.Contains("MLFLOW_TRACKING_SERVER_CERT_PATH", error.Message);
    }

    [Fact]
    public void The_servers_ca_from_a_pem_file_makes_it_trusted()
    {
        using var server = new TlsMlflowServer(temp.Path, requireClientCertificate: false);
        Assert.Equal("7", Experiment(server, Quick with { ServerCertPath = server.CaPemPath }));
    }

    [Fact]
    public void Insecure_tls_accepts_any_certificate()
    {
        using var server = new TlsMlflowServer(temp.Path, requireClientCertificate: false);
        Assert.Equal("7", Experiment(server, Quick with { InsecureTls = true }));
    }

    [Fact]
    public void A_client_certificate_from_a_pem_file_is_presented_to_a_server_that_requires_one()
    {
        using var server = new TlsMlflowServer(temp.Path, requireClientCertificate: true);
        Assert.Throws<TrackingException>(() => Experiment(server, Quick with { ServerCertPath = server.CaPemPath }));
        Assert.Equal("7", Experiment(server, Quick with { ServerCertPath = server.CaPemPath, ClientCertPath = server.ClientPemPath }));
        Assert.Contains(server.ClientThumbprint, server.ClientCertificatesSeen);
    }

    [Fact]
    public void A_missing_certificate_file_is_a_clear_error()
    {
        var error = Assert.Throws<TrackingException>(() => new MlflowRestStore(new Uri("https://127.0.0.1:1"), Quick with { ServerCertPath = temp.File("nope.pem") }));
        Assert.Contains("MLFLOW_TRACKING_SERVER_CERT_PATH", error.Message);
    }
}
