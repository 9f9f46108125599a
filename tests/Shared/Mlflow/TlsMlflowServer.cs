using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace NbTools.Tests.Support;

/// <summary>
/// An HTTPS endpoint on 127.0.0.1 for the TLS variables: its certificate is issued by a test CA made
/// here (so trusting the CA's PEM is what makes it valid), and it can require a client certificate
/// signed by the same CA. Every request gets MLflow's answer to experiments/get-by-name for id "7".
/// </summary>
public sealed class TlsMlflowServer : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly X509Certificate2 serverCertificate;
    private readonly Thread thread;

    public TlsMlflowServer(string folder, bool requireClientCertificate)
    {
        RequireClientCertificate = requireClientCertificate;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=NbTools test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        CaPemPath = Path.Combine(folder, "ca.pem");
        File.WriteAllText(CaPemPath, ca.ExportCertificatePem());
        serverCertificate = Issue(ca, "CN=127.0.0.1", server: true, out _);
        using var client = Issue(ca, "CN=nbtools-client", server: false, out var clientKey);
        ClientPemPath = Path.Combine(folder, "client.pem");
        File.WriteAllText(ClientPemPath, client.ExportCertificatePem() + "\n" + clientKey.ExportPkcs8PrivateKeyPem() + "\n");
        ClientThumbprint = client.Thumbprint;
        listener.Start();
        Url = $"https://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        thread = new Thread(Serve) { IsBackground = true };
        thread.Start();
    }

    public string Url { get; }

    public string CaPemPath { get; }

    public string ClientPemPath { get; }

    public string ClientThumbprint { get; }

    public bool RequireClientCertificate { get; }

    /// <summary>Thumbprints of the client certificates presented on connections that were answered.</summary>
    public List<string?> ClientCertificatesSeen { get; } = [];

    private static X509Certificate2 Issue(X509Certificate2 ca, string subject, bool server, out ECDsa key)
    {
        key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(server ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        if (server)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }
        var serial = RandomNumberGenerator.GetBytes(8);
        using var issued = request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10), serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    private void Serve()
    {
        while (true)
        {
            TcpClient connection;
            try
            {
                connection = listener.AcceptTcpClient();
            }
            catch (SocketException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            try
            {
                using (connection)
                using (var tls = new SslStream(connection.GetStream(), false))
                {
                    tls.AuthenticateAsServer(new SslServerAuthenticationOptions
                    {
                        ServerCertificate = serverCertificate,
                        ClientCertificateRequired = RequireClientCertificate,
                        RemoteCertificateValidationCallback = (_, _, _, _) => true,
                    });
                    if (RequireClientCertificate && tls.RemoteCertificate is null) continue; // refused: close without an answer
                    ReadRequest(tls);
                    lock (ClientCertificatesSeen) ClientCertificatesSeen.Add(tls.RemoteCertificate is { } c ? new X509Certificate2(c).Thumbprint : null);
                    var body = "{\"experiment\": {\"experiment_id\": \"7\", \"name\": \"tls\", \"artifact_location\": \"mlflow-artifacts:/7\", \"lifecycle_stage\": \"active\"}}";
                    var response = $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}";
                    tls.Write(Encoding.UTF8.GetBytes(response));
                }
            }
            catch (Exception)
            {
                // the client gave up on the handshake (an untrusted certificate): what the tests expect;
                // anything else shows as the client's failure, never as a crash of the test host
            }
        }
    }

    private static void ReadRequest(Stream stream)
    {
        var head = new StringBuilder();
        var buffer = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && stream.Read(buffer) == 1) head.Append((char)buffer[0]);
    }

    public void Dispose()
    {
        listener.Stop();
        serverCertificate.Dispose();
    }
}
