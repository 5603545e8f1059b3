using System.Collections.Frozen;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace LstmActors.Web.Hosting;

/// <summary>The live page's files, embedded in the assembly (no CDN: silos may be offline), read once.</summary>
internal static class EmbeddedPages
{
    private static readonly FrozenDictionary<string, byte[]> Files = typeof(EmbeddedPages).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith("Pages/", StringComparison.Ordinal))
        .ToFrozenDictionary(n => n["Pages/".Length..], Read, StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".txt"] = "text/plain; charset=utf-8",
    }.ToFrozenDictionary();

    /// <summary>An HTML page of the app.</summary>
    public static IResult Html(string name) => Results.Bytes(Files[name], ContentTypes[".html"]);

    /// <summary>A script, stylesheet or licence under <c>/assets/</c>; 404 for any other name.</summary>
    public static IResult Asset(string name) =>
        Files.TryGetValue(name, out var bytes) && !name.EndsWith(".html", StringComparison.Ordinal)
            ? Results.Bytes(bytes, ContentTypes.GetValueOrDefault(Path.GetExtension(name), "application/octet-stream"))
            : Results.NotFound();

    /// <summary>The 404 page saying <paramref name="message"/>.</summary>
    public static IResult NotFound(string message)
    {
        var html = Encoding.UTF8.GetString(Files["notfound.html"]).Replace("{message}", WebUtility.HtmlEncode(message), StringComparison.Ordinal);
        return Results.Content(html, ContentTypes[".html"], statusCode: StatusCodes.Status404NotFound);
    }

    private static byte[] Read(string resource)
    {
        using var stream = typeof(EmbeddedPages).Assembly.GetManifestResourceStream(resource)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
