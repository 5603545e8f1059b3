using System.Net;

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
}
