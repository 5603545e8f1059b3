using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace LstmActors.Web.Tests;

/// <summary>The silo executable with <c>--http-token-file</c>: a request without the token gets 401, probes pass.</summary>
public sealed partial class SiloTokenTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [GeneratedRegex(@"Web app of silo \S+: (?<url>http://[0-9.]+:\d+)/ ")]
    private static partial Regex WebLine();

    [Fact]
    public async Task Without_the_token_a_request_gets_401()
    {
        using var folder = new TempFolder();
        var tokenFile = folder.Write("token", "s3cret-token\n");
        await using var silo = SiloProcess.Start("silo", Path.Combine(AppContext.BaseDirectory, "lstmactors-silo.dll"),
            ["--silo-port", "0", "--gateway-port", "0", "--http-port", "0", "--storage", "memory", "--http-token-file", tokenFile],
            new Dictionary<string, string?> { ["LSTMACTORS_SECRET"] = null, ["LSTMACTORS_TLS_PASSWORD"] = null }, folder.Path);
        var line = await silo.WaitForLineAsync(l => WebLine().IsMatch(l), Deadline);
        var url = new Uri(WebLine().Match(line).Groups["url"].Value + "/");
        using var http = new HttpClient();

        foreach (var path in new[] { "", "metrics", "dashboard/", "api/overview", "health" })
        {
            using var refused = await http.GetAsync(new Uri(url, path));
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }
        using var wrong = await http.GetAsync(new Uri(url, "?token=guess"));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, "metrics"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret-token");
        using var bearer = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, bearer.StatusCode);
        using var query = await http.GetAsync(new Uri(url, "?token=s3cret-token"));
        Assert.Equal(HttpStatusCode.OK, query.StatusCode);
        using var probe = await http.GetAsync(new Uri(url, "health/live"));
        Assert.Equal(HttpStatusCode.OK, probe.StatusCode);

        // A browser opened with ?token= keeps it in a cookie: the page's feeds and the dashboard's calls pass.
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() });
        using var opened = await browser.GetAsync(new Uri(url, "?token=s3cret-token"));
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        using var dashboard = await browser.GetAsync(new Uri(url, "dashboard/version"));
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
    }
}
