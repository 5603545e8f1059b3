using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LstmActors.Web.Tests;

/// <summary>What the web app answers to requests the page would never make: a 404 page or a 400, and the silo serves on.</summary>
[Collection(StreamedDemoCollection.Name)]
public sealed class BadInputTests(StreamedDemo demo)
{
    [Fact]
    public async Task An_unknown_series_is_a_404_page()
    {
        using var response = await demo.Http.GetAsync(new Uri(demo.First, "series?id=no-such-series"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("No series &#39;no-such-series&#39;", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("series")]
    [InlineData("series?id=")]
    [InlineData("api/overview?take=abc")]
    [InlineData("api/overview?take=0")]
    [InlineData("api/overview?take=1000000")]
    [InlineData("api/series?id=stock-0001&horizon=0")]
    [InlineData("api/series?id=stock-0001&horizon=x")]
    [InlineData("events/series?id=stock-0001&horizon=100000")]
    [InlineData("events/overview?q=%01")]
    public async Task A_malformed_query_is_refused_and_the_silo_serves_on(string path)
    {
        using var response = await demo.Http.GetAsync(new Uri(demo.First, path));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var after = await demo.Http.GetAsync(new Uri(demo.First, "api/series?id=stock-0001"));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    /// <summary>What a stranger might send the HTTP port: noise, a broken request line, a header too large, a cut-off TLS hello.</summary>
    public static TheoryData<string> Garbage() => new() { "noise", "broken request line", "huge header", "tls hello" };

    [Theory]
    [MemberData(nameof(Garbage))]
    public async Task Garbage_on_the_http_port_leaves_the_silo_serving(string what)
    {
        var random = new Random(20261204);
        var noise = new byte[64 * 1024];
        random.NextBytes(noise);
        byte[] payload = what switch
        {
            "noise" => noise,
            "broken request line" => "GET /series?id=\0 HTTP/9.9\r\n\r\n"u8.ToArray(),
            "huge header" => Encoding.ASCII.GetBytes($"GET / HTTP/1.1\r\nHost: x\r\nX-Big: {new string('a', 200_000)}\r\n\r\n"),
            _ => [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03],
        };
        using (var client = new TcpClient())
        {
            await client.ConnectAsync(demo.First.Host, demo.First.Port);
            try
            {
                await client.GetStream().WriteAsync(payload);
            }
            catch (IOException)
            {
                // The server may close the connection before reading it all: that is the point.
            }
        }
        using var after = await demo.Http.GetAsync(new Uri(demo.First, "api/series?id=stock-0001"));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }
}
