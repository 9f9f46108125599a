using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace NbTools.Tracking.Rest;

/// <summary>
/// The connection settings MLflow users set by variables: a bounded connect time, an insecure mode
/// for test servers, a CA bundle for the server's certificate (requests' <c>verify=</c>) and a client
/// certificate with its key in one PEM file (requests' <c>cert=</c>).
/// </summary>
internal static class MlflowTls
{
    public static SocketsHttpHandler Handler(MlflowRestOptions options)
    {
        var handler = new SocketsHttpHandler { ConnectCallback = (context, token) => Connect(context, options.ConnectTimeout, token) };
        if (options.InsecureTls)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        else if (options.ServerCertPath is { } caPath)
        {
            var authorities = Authorities(caPath);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => Trusted(certificate, errors, authorities);
        }
        if (options.ClientCertPath is { } clientPath)
        {
            handler.SslOptions.ClientCertificates = [ClientCertificate(clientPath)];
        }
        return handler;
    }

    private static X509Certificate2Collection Authorities(string path)
    {
        if (!File.Exists(path)) throw new TrackingException($"{path}: no such certificate file (MLFLOW_TRACKING_SERVER_CERT_PATH)");
        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPemFile(path);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new TrackingException($"{path}: not a PEM certificate file (MLFLOW_TRACKING_SERVER_CERT_PATH): {e.Message}");
        }
        return collection;
    }

    private static X509Certificate2 ClientCertificate(string path)
    {
        if (!File.Exists(path)) throw new TrackingException($"{path}: no such certificate file (MLFLOW_TRACKING_CLIENT_CERT_PATH)");
        try
        {
            var pem = X509Certificate2.CreateFromPemFile(path);
            // An ephemeral key cannot be presented by SslStream on every platform: export and reload.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new TrackingException($"{path}: not a PEM file with a certificate and its private key (MLFLOW_TRACKING_CLIENT_CERT_PATH): {e.Message}");
        }
    }

    /// <summary>The server's certificate is valid when it chains to one of the given authorities (names and dates checked as usual).</summary>
    private static bool Trusted(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection authorities)
    {
        if (errors == SslPolicyErrors.None) return true;
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable)) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }

    /// <summary>A TCP connect that gives up after <paramref name="timeout"/> as a connection failure (a host that drops packets otherwise hangs for minutes).</summary>
    private static async ValueTask<Stream> Connect(SocketsHttpConnectionContext context, TimeSpan timeout, CancellationToken token)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(token);
        limit.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, limit.Token).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
            socket.Dispose();
            throw new SocketException((int)SocketError.TimedOut);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
