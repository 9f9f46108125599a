using System.Net;
using Microsoft.Playwright;
using NbTools.Core;
using NbTools.Core.Model;
using Newtonsoft.Json.Linq;

namespace NbTools.Mergetool.Tests;

/// <summary>
/// The server answers only requests that carry the session's token and name its loopback address
/// as Host; a refused request changes nothing. Notebooks full of script – in markdown, outputs and
/// metadata, on every side of every conflict – run none of it in the page (the HTML diff test's probe).
/// </summary>
public sealed class SecurityTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task Requests_without_the_token_or_with_a_wrong_one_get_403_and_change_nothing()
    {
        using var temp = new TempFolder();
        var merged = temp.File("merged.ipynb");
        using var session = Mergetool.StartMerge(Cases.Request("inline-conflict", merged));
        using var http = new HttpClient();
        var root = new Uri($"http://127.0.0.1:{session.Url.Port}/");
        var token = session.Url.AbsolutePath.Trim('/');
        var wrong = new string(token.Select(c => c == 'a' ? 'b' : 'a').ToArray());
        var save = """{"decisions":[{"choice":"local"}]}""";

        foreach (var path in new[] { "", "api/state", "app.js", wrong + "/", wrong + "/api/state", token[..^1] + "/api/state", token + "x/api/state" })
        {
            var response = await http.GetAsync(new Uri(root, path));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.DoesNotContain("conflicts", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        foreach (var path in new[] { "api/save", wrong + "/api/save", "api/close", wrong + "/api/close" })
        {
            var response = await http.PostAsync(new Uri(root, path), new StringContent(save, System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
        Assert.False(File.Exists(merged));
        Assert.False(session.Completion.IsCompleted); // a refused close does not end the session

        // The same save with the token is taken: the refusals above were about the token.
        var accepted = await http.PostAsync(new Uri(session.Url, "api/save"), new StringContent(save, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(0, await session.Completion);
        Assert.True(File.Exists(merged));
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("localhost")]
    [InlineData("127.0.0.1.nip.io")]
    public async Task A_host_header_other_than_the_bound_address_is_refused(string host)
    {
        using var temp = new TempFolder();
        var merged = temp.File("merged.ipynb");
        using var session = Mergetool.StartMerge(Cases.Request("inline-conflict", merged));
        using var http = new HttpClient();
        foreach (var (method, path) in new[] { (HttpMethod.Get, "api/state"), (HttpMethod.Get, ""), (HttpMethod.Post, "api/save") })
        {
            var request = new HttpRequestMessage(method, new Uri(session.Url, path));
            request.Headers.Host = $"{host}:{session.Url.Port}";
            if (method == HttpMethod.Post) request.Content = new StringContent("""{"decisions":[{"choice":"local"}]}""", System.Text.Encoding.UTF8, "application/json");
            var response = await http.SendAsync(request);
            // HttpListener itself refuses a host its prefix does not name (404); the server's own check answers 403.
            Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"{host}: {response.StatusCode}");
            Assert.DoesNotContain("conflicts", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.False(File.Exists(merged));
        Assert.False(session.Completion.IsCompleted);
        var state = await http.GetAsync(new Uri(session.Url, "api/state"));
        Assert.Equal(HttpStatusCode.OK, state.StatusCode); // the real address still works
    }

    [SkippableFact]
    public void Nothing_listens_on_the_machines_other_addresses()
    {
        var others = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == System.Net.NetworkInformation.OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses.Select(a => a.Address))
            .Where(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            .ToList();
        Skip.If(others.Count == 0, "this machine has no address but the loopback one");
        using var temp = new TempFolder();
        using var session = Mergetool.StartMerge(Cases.Request("inline-conflict", temp.File("merged.ipynb")));
        using (var loopback = new System.Net.Sockets.TcpClient())
        {
            loopback.Connect(IPAddress.Loopback, session.Url.Port); // the control: the port is open there
        }
        foreach (var address in others)
        {
            using var client = new System.Net.Sockets.TcpClient();
            Assert.Throws<System.Net.Sockets.SocketException>(() => client.Connect(address, session.Url.Port));
        }
    }

    [Fact]
    public async Task A_post_from_another_origin_is_refused_even_with_the_token()
    {
        using var temp = new TempFolder();
        var merged = temp.File("merged.ipynb");
        using var session = Mergetool.StartMerge(Cases.Request("inline-conflict", merged));
        using var http = new HttpClient();
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(session.Url, "api/save"))
        {
            Content = new StringContent("""{"decisions":[{"choice":"local"}]}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Origin", "http://evil.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(request)).StatusCode);
        Assert.False(File.Exists(merged));
    }

    [Fact]
    public async Task Every_answer_carries_a_policy_that_runs_no_inline_script_and_sends_no_referrer()
    {
        using var temp = new TempFolder();
        using var session = Mergetool.StartMerge(Cases.Request("inline-conflict", temp.File("merged.ipynb")));
        using var http = new HttpClient();
        foreach (var path in new[] { "", "app.js", "api/state" })
        {
            var response = await http.GetAsync(new Uri(session.Url, path));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
            var scripts = policy.Split(';').Select(p => p.Trim()).FirstOrDefault(p => p.StartsWith("script-src", StringComparison.Ordinal));
            Assert.True(scripts is null or "script-src 'self'", policy); // no inline script, no eval, nothing from elsewhere
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        }
    }

    [SkippableFact]
    public async Task No_script_from_the_notebooks_runs_in_the_mergetool_page()
    {
        using var temp = new TempFolder();
        var paths = new Dictionary<string, string>();
        foreach (var side in new[] { "base", "local", "remote" })
        {
            paths[side] = temp.File(side + ".ipynb");
            File.WriteAllBytes(paths[side], Notebooks.ToBytes(Hostile(side)));
        }
        var merged = temp.File("merged.ipynb");
        using var session = Mergetool.StartMerge(new MergeToolRequest(paths["base"], paths["local"], paths["remote"], merged));
        ScriptProbe? probe = null;
        await using var page = await MergePage.OpenAsync(chromium.Browser, session.Url, p => probe = ScriptProbe.Watch(p));

        var kinds = (await page.ConflictsAsync()).Select(c => c.Kind).ToList();
        Assert.Contains(kinds, k => k.Contains("same lines", StringComparison.Ordinal));
        Assert.Contains(kinds, k => k.Contains("metadata key 'title'", StringComparison.Ordinal));
        Assert.Contains(kinds, k => k.Contains("metadata key 'tags'", StringComparison.Ordinal));
        var text = await page.Page.InnerTextAsync("main");
        Assert.Contains("safe words local", text, StringComparison.Ordinal); // the sides are really shown
        Assert.Contains("safe words remote", text, StringComparison.Ordinal);
        Assert.Contains("<script>window.__xss = 20</script>", text, StringComparison.Ordinal); // metadata shown as text
        await probe!.AssertNothingRanAsync(page.Page.MainFrame, ownScripts: 1);
    }

    [SkippableFact]
    public async Task No_script_from_the_notebooks_runs_in_the_difftool_page()
    {
        using var temp = new TempFolder();
        var (old, updated) = (temp.File("old.ipynb"), temp.File("new.ipynb"));
        File.WriteAllBytes(old, Notebooks.ToBytes(Hostile("base")));
        File.WriteAllBytes(updated, Notebooks.ToBytes(Hostile("local")));
        using var session = Mergetool.StartDiff(new DiffToolRequest(old, updated));
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var probe = ScriptProbe.Watch(page);
        await page.GotoAsync(session.Url.AbsoluteUri);
        var frameElement = await page.WaitForSelectorAsync("iframe.diff");
        var frame = await frameElement!.ContentFrameAsync();
        await frame!.WaitForSelectorAsync("h1");
        Assert.Contains("safe words local", await frame.InnerTextAsync("body"), StringComparison.Ordinal);
        await probe.AssertNothingRanAsync(frame);
        await probe.AssertNothingRanAsync(page.MainFrame, ownScripts: 1);

        await page.ClickAsync("#close");
        Assert.Equal(0, await session.Completion);
    }

    /// <summary>A notebook whose every part carries script, metadata too, different per side so that each part conflicts.</summary>
    private static Notebook Hostile(string side)
    {
        var notebook = HostileNotebook.Create(side);
        notebook.Metadata["title"] = side == "base" ? "plain" : $"<script>window.__xss = 20</script><img src=x onerror=\"window.__xss = 21\"> {side}";
        notebook.Cells[1].Metadata = new JObject { ["tags"] = new JArray($"<img src=x onerror=\"window.__xss = 22\">{side}") };
        return notebook;
    }
}
