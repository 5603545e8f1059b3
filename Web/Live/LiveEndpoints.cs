using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using LstmActors.Web.Hosting;

namespace LstmActors.Web.Live;

/// <summary>
/// The live page: <c>/</c> (models, silos, searchable series list), <c>/series?id=</c> (one series' chart), their JSON
/// under <c>/api/</c> and their live feeds under <c>/events/</c> (server-sent events, one snapshot a second, read from
/// the grains). A query the page would never send is refused with 400; a series that never saw a tick is a 404 page.
/// </summary>
internal static class LiveEndpoints
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);
    private const int MaxTake = 1000, DefaultTake = 100, MaxHorizon = 500, DefaultHorizon = 20, MaxText = 200;

    public static void MapLivePage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => EmbeddedPages.Html("index.html"));
        app.MapGet("/series", async (string? id, ClusterReader reader) =>
        {
            if (BadId(id) is { } bad) return bad;
            return await reader.FindAsync(id!) is null ? EmbeddedPages.NotFound($"No series '{id}' in this cluster: it has seen no tick.") : EmbeddedPages.Html("series.html");
        });
        app.MapGet("/assets/{name}", (string name) => EmbeddedPages.Asset(name));

        app.MapGet("/api/overview", async (string? q, int? take, ClusterReader reader) =>
            BadList(q, take) ?? Results.Json(await reader.OverviewAsync(q ?? "", take ?? DefaultTake)));
        app.MapGet("/api/series", async (string? id, int? horizon, ClusterReader reader) =>
        {
            if ((BadId(id) ?? BadHorizon(horizon)) is { } bad) return bad;
            return await reader.FindAsync(id!) is not null && await reader.SeriesAsync(id!, horizon ?? DefaultHorizon) is { } view ? Results.Json(view) : Results.NotFound($"no series '{id}'");
        });

        app.MapGet("/events/overview", (string? q, int? take, ClusterReader reader, HttpContext context) =>
            BadList(q, take) ?? TypedResults.ServerSentEvents(Every(() => reader.OverviewAsync(q ?? "", take ?? DefaultTake), context.RequestAborted)));
        app.MapGet("/events/series", async (string? id, int? horizon, ClusterReader reader, HttpContext context) =>
        {
            if ((BadId(id) ?? BadHorizon(horizon)) is { } bad) return bad;
            if (await reader.FindAsync(id!) is null) return Results.NotFound($"no series '{id}'");
            return TypedResults.ServerSentEvents(Every(() => reader.SeriesAsync(id!, horizon ?? DefaultHorizon), context.RequestAborted));
        });
    }

    /// <summary>A snapshot a second until the browser goes; a snapshot the cluster fails to answer (a silo stopping) is skipped.</summary>
    private static async IAsyncEnumerable<SseItem<T>> Every<T>(Func<Task<T>> read, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Period);
        do
        {
            T value;
            try
            {
                value = await read();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                continue;
            }
            if (value is not null) yield return new SseItem<T>(value, "snapshot");
        }
        while (await WaitAsync(timer, cancellationToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static IResult? BadId(string? id) =>
        string.IsNullOrEmpty(id) || id.Length > MaxText || id.Any(char.IsControl)
            ? Results.BadRequest($"id must be a series id of 1 to {MaxText} printable characters")
            : null;

    private static IResult? BadHorizon(int? horizon) =>
        horizon is < 1 or > MaxHorizon ? Results.BadRequest($"horizon must be 1 to {MaxHorizon}") : null;

    private static IResult? BadList(string? q, int? take) =>
        q is { Length: > MaxText } || q?.Any(char.IsControl) == true ? Results.BadRequest($"q must be at most {MaxText} printable characters")
        : take is < 1 or > MaxTake ? Results.BadRequest($"take must be 1 to {MaxTake}")
        : null;
}
