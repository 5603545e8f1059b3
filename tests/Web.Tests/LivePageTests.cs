using System.Globalization;
using Microsoft.Playwright;

namespace LstmActors.Web.Tests;

/// <summary>The live page in a real browser while the demo streams on two silos.</summary>
[Collection(StreamedDemoCollection.Name)]
public sealed class LivePageTests(StreamedDemo demo, Browser browser)
{
    [Fact]
    public async Task Each_silo_page_lists_every_series_from_both_silos()
    {
        foreach (var (url, name) in new[] { (demo.First, "live-page"), (demo.Second, "live-page-second-silo") })
        {
            var page = await browser.NewPageAsync();
            await page.GotoAsync(url.ToString());
            await Eventually.HoldsAsync(async () => await page.TextContentAsync("#series-count") == $"{StreamedDemo.Series}"
                && await page.Locator("#series tbody tr").CountAsync() == StreamedDemo.Series,
                $"{url} shows {StreamedDemo.Series} series");
            await Eventually.HoldsAsync(async () => (await page.Locator("#series tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.silo)")).Distinct().Count() == 2,
                $"{url} lists series of both silos");
            await Browser.ScreenshotAsync(page, name);
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task The_search_box_narrows_the_list_to_matching_ids()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(demo.First.ToString());
        await page.FillAsync("#search", "tank-001");
        // tank-0010 to tank-0019.
        await Eventually.HoldsAsync(async () => await page.TextContentAsync("#series-count") == "10" && await page.Locator("#series tbody tr").CountAsync() == 10,
            "the list shows the 10 series whose id contains tank-001");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_model_version_increases_on_the_page()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(demo.First.ToString());
        var version = page.Locator("#models tr[data-model=stocks] td.version");
        await Eventually.HoldsAsync(async () => await version.CountAsync() == 1, "the page shows the stocks model");
        var first = int.Parse((await version.TextContentAsync())!, CultureInfo.InvariantCulture);
        await Eventually.HoldsAsync(async () => int.Parse((await version.TextContentAsync())!, CultureInfo.InvariantCulture) > first,
            $"the stocks model's version rises above {first} on the page");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Each_model_shows_its_series_online_evaluation()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(demo.First.ToString());
        var row = page.Locator("#models tr[data-model=tanks]");
        // Ticks flow: the model's error against naive and its interval coverage become figures.
        await Eventually.HoldsAsync(async () => await row.Locator("td.vs-naive").CountAsync() == 1
            && (await row.Locator("td.vs-naive").TextContentAsync())!.EndsWith('×') && (await row.Locator("td.coverage").TextContentAsync())!.EndsWith('%'),
            "the tanks model shows its error vs naive and its 80% coverage");
        var coverage = int.Parse((await row.Locator("td.coverage").TextContentAsync())!.TrimEnd('%'), CultureInfo.InvariantCulture);
        Assert.InRange(coverage, 1, 100);
        Assert.True(long.TryParse(await row.Locator("td.anomalies").TextContentAsync(), out _));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_series_chart_gains_points_while_ticks_flow()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(demo.First, "series?id=stock-0001").ToString());
        var chart = page.Locator("#chart");
        async Task<long> LastSequence() => long.Parse(await chart.GetAttributeAsync("data-last-sequence") ?? "-1", CultureInfo.InvariantCulture);
        await Eventually.HoldsAsync(async () => await LastSequence() >= 0 && await page.Locator("#chart path.actual").CountAsync() == 1, "the chart draws the series");
        var first = await LastSequence();
        await Eventually.HoldsAsync(async () => await LastSequence() > first, $"the chart gains points after tick {first}");
        await Eventually.HoldsAsync(async () => await page.Locator("#chart path.forecast").CountAsync() == 1, "the chart draws the forecast");
        await Eventually.HoldsAsync(async () => await page.Locator("#chart path.lower-80").CountAsync() == 1 && await page.Locator("#chart path.upper-80").CountAsync() == 1,
            "the chart draws the 80% interval");
        Assert.Contains("inside their 80% interval", await page.TextContentAsync("#facts"));
        await Browser.ScreenshotAsync(page, "series-page");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_Orleans_Dashboard_lists_the_series_grain_type()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(demo.First, "dashboard/#/grains").ToString());
        await Eventually.HoldsAsync(async () => await page.Locator("a", new PageLocatorOptions { HasTextString = "SeriesGrain" }).CountAsync() > 0,
            "the dashboard's grains view links SeriesGrain");
        await Browser.ScreenshotAsync(page, "orleans-dashboard");
        await page.Context.CloseAsync();
    }
}
