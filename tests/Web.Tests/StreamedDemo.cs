using System.Net;
using System.Net.Sockets;
using LstmActors.Client;

namespace LstmActors.Web.Tests;

/// <summary>
/// <c>lstmactors demo --silos 2 --serve</c> in this process, streaming <see cref="Series"/> series with ticks enough to
/// flow for the whole test run, and stopped (as by Ctrl-C) at the end; its two silos' pages on consecutive ports.
/// </summary>
public sealed class StreamedDemo : IAsyncLifetime
{
    /// <summary>Series the demo streams.</summary>
    public const int Series = 40;

    private readonly CancellationTokenSource _stop = new();
    private readonly StringWriter _output = new(), _error = new();
    private readonly TempFolder _folder = new();
    private Task<int>? _run;

    /// <summary>Base URL of silo 0's web app.</summary>
    public Uri First { get; private set; } = null!;

    /// <summary>Base URL of silo 1's web app.</summary>
    public Uri Second { get; private set; } = null!;

    /// <summary>A client for the pages (no cookies kept between requests).</summary>
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    public async Task InitializeAsync()
    {
        var port = ConsecutiveFreePorts();
        First = new Uri($"http://127.0.0.1:{port}/");
        Second = new Uri($"http://127.0.0.1:{port + 1}/");
        _run = Task.Run(() => CliApp.RunAsync(["demo", "--series", $"{Series}", "--ticks", "1000000", "--silos", "2", "--http-port", $"{port}", "--serve",
            "--out", _folder.File("predictions.csv"), "--json"], _output, _error, _stop.Token));
        await Eventually.HoldsAsync(async () =>
        {
            if (_run.IsCompleted) throw new InvalidOperationException($"The demo ended early: {await _run}\n{_output}\n{_error}");
            try
            {
                var overview = await Http.GetStringAsync(new Uri(First, "api/overview"));
                return overview.Contains($"\"seriesCount\":{Series},", StringComparison.Ordinal);
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, $"the demo's page lists {Series} series", TimeSpan.FromSeconds(180));
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null) await _run;
        Http.Dispose();
        _folder.Dispose();
    }

    /// <summary>Two consecutive loopback ports nobody listens on now (the demo puts silo i on port + i).</summary>
    private static int ConsecutiveFreePorts()
    {
        while (true)
        {
            using var first = new TcpListener(IPAddress.Loopback, 0);
            first.Start();
            var port = ((IPEndPoint)first.LocalEndpoint).Port;
            if (port >= 65535) continue;
            try
            {
                using var second = new TcpListener(IPAddress.Loopback, port + 1);
                second.Start();
                return port;
            }
            catch (SocketException)
            {
            }
        }
    }
}

/// <summary>The test classes that share one streamed demo.</summary>
[CollectionDefinition(Name)]
public sealed class StreamedDemoCollection : ICollectionFixture<StreamedDemo>, ICollectionFixture<Browser>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "streamed demo";
}
