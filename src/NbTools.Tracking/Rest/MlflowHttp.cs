using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace NbTools.Tracking.Rest;

/// <summary>
/// The HTTP side of the MLflow client: credentials, TLS, and MLflow's retry rules. GET sends its
/// arguments in the query string; every other method sends them as a JSON body (MLflow's server reads
/// a DELETE's arguments from the body too). 408, 429, 5xx and timeouts are retried up to
/// <see cref="MlflowRestOptions.MaxRetries"/> times with exponential backoff; a server that cannot be
/// connected to is retried only within <see cref="MlflowRestOptions.ConnectFailureBudget"/>.
/// </summary>
internal sealed class MlflowHttp : IDisposable
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(120);
    private readonly Uri server;
    private readonly HttpClient client;
    private readonly MlflowRestOptions options;

    public MlflowHttp(Uri server, MlflowRestOptions options, HttpMessageHandler? handler)
    {
        this.server = server;
        this.options = options;
        client = new HttpClient(handler ?? MlflowTls.Handler(options), disposeHandler: true) { Timeout = options.Timeout };
        if (options.Username is not null && options.Password is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.Username}:{options.Password}")));
        }
        else if (options.Token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.Token);
        }
    }

    public string Location => server.AbsoluteUri.TrimEnd('/');

    /// <summary>What a call may answer without it being an error.</summary>
    [Flags]
    public enum Allow
    {
        None = 0,
        NotFound = 1,
        AlreadyExists = 2,
        InvalidParameter = 4,
    }

    /// <summary>Sends a request (arguments in the query for GET, as a JSON body otherwise); the parsed answer, or null for an allowed refusal.</summary>
    public JsonNode? Send(HttpMethod method, string path, JsonObject? arguments = null, Allow allow = Allow.None)
    {
        if (method == HttpMethod.Get && arguments is not null)
        {
            path += "?" + string.Join('&', arguments.Select(a => Uri.EscapeDataString(a.Key) + "=" + Uri.EscapeDataString(a.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : a.Value?.ToJsonString() ?? "")));
            arguments = null;
        }
        var json = arguments?.ToJsonString();
        return Exchange(method, path, () => json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"), allow);
    }

    /// <summary>Uploads raw bytes (artifacts).</summary>
    public void Put(string path, byte[] content) => Exchange(HttpMethod.Put, path, () => new ByteArrayContent(content), Allow.None);

    private JsonNode? Exchange(HttpMethod method, string path, Func<HttpContent?> content, Allow allow)
    {
        var url = new Uri(server, path);
        var what = $"{Location}: {method} {path.Split('?')[0]}";
        var clock = Stopwatch.StartNew();
        for (var attempt = 0; ; attempt++)
        {
            string failure;
            bool connectFailure = false;
            TimeSpan? retryAfter = null;
            try
            {
                using var request = new HttpRequestMessage(method, url) { Content = content() };
                using var response = client.Send(request);
                var text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
                if (response.IsSuccessStatusCode) return text.Length == 0 ? null : JsonNode.Parse(text);
                if (!IsTransient(response.StatusCode)) return Refused(what, response.StatusCode, response.ReasonPhrase, text, allow);
                failure = $"{(int)response.StatusCode} {response.ReasonPhrase}";
                retryAfter = response.Headers.RetryAfter?.Delta;
            }
            catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.SecureConnectionError)
            {
                throw new TrackingException($"{what}: TLS failed ({Innermost(e)}); trust the server's CA with MLFLOW_TRACKING_SERVER_CERT_PATH, or for a test server set MLFLOW_TRACKING_INSECURE_TLS=true");
            }
            catch (HttpRequestException e)
            {
                connectFailure = e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError || e.InnerException is SocketException;
                failure = Innermost(e);
            }
            catch (TaskCanceledException)
            {
                failure = $"no answer within {options.Timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s (MLFLOW_HTTP_REQUEST_TIMEOUT)";
            }
            var delay = retryAfter ?? Backoff(attempt + 1);
            var outOfBudget = connectFailure && clock.Elapsed + delay > options.ConnectFailureBudget;
            if (attempt >= options.MaxRetries || outOfBudget)
            {
                var tries = attempt == 0 ? "" : $" after {attempt + 1} attempts in {clock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s";
                var hint = connectFailure ? "; is the server running, and is MLFLOW_TRACKING_URI right?" : "";
                throw new TrackingException($"{what} failed{tries}: {failure}{hint}");
            }
            options.OnRetry?.Invoke($"{what}: {failure}; retry {attempt + 1} of {options.MaxRetries} in {delay.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
            Thread.Sleep(delay);
        }
    }

    /// <summary>urllib3's backoff as MLflow configures it: factor × 2^(retry-1), plus up to 1 s of jitter, at most 120 s.</summary>
    private TimeSpan Backoff(int retry)
    {
        var seconds = options.BackoffDelay.TotalSeconds * Math.Pow(2, retry - 1);
        var jitter = options.BackoffDelay > TimeSpan.Zero ? Random.Shared.NextDouble() * Math.Min(1.0, options.BackoffDelay.TotalSeconds) : 0;
        return TimeSpan.FromSeconds(Math.Min(seconds + jitter, MaxBackoff.TotalSeconds));
    }

    private JsonNode? Refused(string what, HttpStatusCode status, string? reason, string text, Allow allow)
    {
        var (code, message) = ErrorOf(text);
        if (allow.HasFlag(Allow.NotFound) && status == HttpStatusCode.NotFound && code == "RESOURCE_DOES_NOT_EXIST") return null;
        if (allow.HasFlag(Allow.AlreadyExists) && code == "RESOURCE_ALREADY_EXISTS") return null;
        if (allow.HasFlag(Allow.InvalidParameter) && code == "INVALID_PARAMETER_VALUE") return null;
        var hint = status switch
        {
            HttpStatusCode.Unauthorized when client.DefaultRequestHeaders.Authorization is null =>
                " (the server wants credentials and none were sent: set MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD, put them in ~/.mlflow/credentials, or set MLFLOW_TRACKING_TOKEN)",
            HttpStatusCode.Unauthorized => client.DefaultRequestHeaders.Authorization!.Scheme == "Basic"
                ? $" (the server refused the password of user '{options.Username}'; check MLFLOW_TRACKING_USERNAME/MLFLOW_TRACKING_PASSWORD or ~/.mlflow/credentials)"
                : " (the server refused the token in MLFLOW_TRACKING_TOKEN; MLflow's basic-auth app accepts only a user and password)",
            HttpStatusCode.Forbidden => $" (user '{options.Username ?? "(token)"}' is signed in but has no permission for this)",
            HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed when code is null => " (no MLflow REST API answers here: is the URL the tracking server's root?)",
            _ => "",
        };
        throw new TrackingException($"{what}: {(int)status} {code ?? reason}: {(code is null && text.TrimStart().StartsWith('<') ? "(an HTML page)" : FirstLine(message ?? text))}{hint}");
    }

    private static string Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e.Message;
    }

    private static bool IsTransient(HttpStatusCode code) => code is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError
        or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    private static (string? Code, string? Message) ErrorOf(string text)
    {
        try
        {
            if (JsonNode.Parse(text) is JsonObject error) return ((string?)error["error_code"], (string?)error["message"]);
        }
        catch (System.Text.Json.JsonException)
        {
            // not JSON: an HTML page or plain text (the auth plugin answers in text)
        }
        return (null, null);
    }

    private static string FirstLine(string text)
    {
        var line = text.Split('\n')[0].Trim();
        return line.Length > 300 ? line[..300] + "…" : line;
    }

    public void Dispose() => client.Dispose();
}
