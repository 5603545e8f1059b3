using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using LstmActors.Runtime.Configuration;
using LstmActors.Runtime.Invocation;
using LstmActors.Runtime.Membership;
using LstmActors.Runtime.Messaging;
using LstmActors.Runtime.Security;
using LstmActors.Runtime.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LstmActors.Runtime.Client;

/// <summary>
/// External cluster client: sends calls to gateways (silos route them on to the owner), one connection per
/// gateway, round robin; active gateways come from the membership table when one is configured, else the static list.
/// </summary>
internal sealed class ClusterClient : IClusterClient, IGrainCaller, IConnectionHandler, IAsyncDisposable
{
    private static readonly TimeSpan FailedGatewayPause = TimeSpan.FromSeconds(1);
    private readonly ClusterOptions _cluster;
    private readonly MessagingOptions _messaging;
    private readonly GatewayOptions _gatewayOptions;
    private readonly IMembershipTable? _table;
    private readonly ILogger _logger;
    private readonly PendingRequests _pending;
    private readonly TlsTransport? _tls;
    private readonly ConcurrentDictionary<IPEndPoint, Connection> _connections = new();
    private readonly ConcurrentDictionary<IPEndPoint, long> _failedAtMs = new();
    private readonly Lock _connectLock = new();
    private volatile IPEndPoint[] _gateways = [];
    private Timer? _refresh;
    private volatile bool _disposed;

    public ClusterClient(IOptions<ClusterOptions> cluster, IOptions<MessagingOptions> messaging, IOptions<GatewayOptions> gateways, IOptions<TlsOptions> tls, IServiceProvider services, ILoggerFactory loggerFactory)
    {
        _tls = TlsTransport.Create(tls.Value, serves: false);
        _cluster = cluster.Value;
        _messaging = messaging.Value;
        _gatewayOptions = gateways.Value;
        _table = services.GetService<IMembershipTable>();
        _logger = loggerFactory.CreateLogger("LstmActors.Runtime.ClusterClient");
        _pending = new PendingRequests(_messaging.ResponseTimeout);
    }

    IGrainCaller IConnectionHandler.Caller => this;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_cluster.Secret is null)
            _logger.LogWarning("No cluster secret is configured: DEVELOPMENT MODE, gateway connections are not authenticated.");
        await RefreshGatewaysAsync(cancellationToken);
        if (_gateways.Length == 0)
            throw new InvalidOperationException("The cluster client has no gateway: configure GatewayOptions.Gateways or a membership table with active silos.");
        if (_table is not null)
            _refresh = new Timer(_ => _ = RefreshGatewaysAsync(CancellationToken.None), null, _gatewayOptions.GatewayListRefreshPeriod, _gatewayOptions.GatewayListRefreshPeriod);
    }

    /// <summary>Re-reads the active gateways from the membership table (if any).</summary>
    public async Task RefreshGatewaysAsync(CancellationToken cancellationToken)
    {
        var list = new List<IPEndPoint>(_gatewayOptions.Gateways);
        if (_table is not null)
        {
            try
            {
                var data = await _table.ReadAllAsync(cancellationToken);
                list.AddRange(data.Rows.Where(r => r.Entry.Status == SiloStatus.Active)
                    .Select(r => new IPEndPoint(IPAddress.Parse(r.Entry.Silo.Host), r.Entry.GatewayPort)));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.LogWarning(e, "Reading gateways from the membership table failed; keeping {Count} known gateways.", _gateways.Length);
                return;
            }
        }
        _gateways = list.Distinct().ToArray();
    }

    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey) where TGrainInterface : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(primaryKey);
        return (TGrainInterface)(object)GrainInterfaceCatalog<TGrainInterface>.Info.CreateReference(primaryKey, this);
    }

    public void SendRequest(GrainReference target, GrainMethod method, object?[] arguments, ResponseSink sink)
    {
        _pending.Register(sink);
        // One gateway per grain: calls from one caller to one grain stay on one connection, in order.
        if (target.RouteCache is not ulong hash) target.RouteCache = hash = StableHash.Hash64(target.Key) ^ (uint)target.Interface.Id;
        var connection = PickGateway(hash);
        if (connection is null)
        {
            sink.Fail(new SiloUnavailableException($"No gateway is available for {sink.Describe()}."));
            return;
        }
        _pending.SentOn(sink, connection);
        connection.Send(new Message(target.Interface, method, target.Key, arguments, sink, 0));
    }

    private Connection? PickGateway(ulong hash)
    {
        var gateways = _gateways;
        if (gateways.Length == 0 || _disposed) return null;
        int start = (int)(hash % (uint)gateways.Length);
        long now = Environment.TickCount64;
        for (int i = 0; i < gateways.Length; i++)
        {
            var endpoint = gateways[(start + i) % gateways.Length];
            if (_failedAtMs.TryGetValue(endpoint, out long failedAt) && now - failedAt < FailedGatewayPause.TotalMilliseconds) continue;
            return Connect(endpoint);
        }
        // Every gateway failed recently: try one anyway rather than fail without trying.
        return Connect(gateways[start]);
    }

    private Connection Connect(IPEndPoint endpoint)
    {
        if (_connections.TryGetValue(endpoint, out var connection) && !connection.IsClosed) return connection;
        lock (_connectLock)
        {
            if (_connections.TryGetValue(endpoint, out connection) && !connection.IsClosed) return connection;
            var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            var handshake = new Handshake(_cluster.ClusterId, _cluster.Secret, PeerRole.Client, null, _messaging.HandshakeTimeout);
            connection = new Connection(socket, this, _logger, _messaging.MaxFrameSize, $"client -> gateway {endpoint}", handshake, _tls) { RemoteRole = PeerRole.Silo };
            _connections[endpoint] = connection;
            connection.Start(endpoint, _messaging.ConnectTimeout);
            return connection;
        }
    }

    public void OnFrame(Connection connection, MessageKind kind, long requestId, FrameReader body)
    {
        if (kind is not (MessageKind.Response or MessageKind.Error))
            throw new InvalidDataException($"a gateway sent a {kind} frame to a client");
        if (_pending.TryGet(requestId, out var sink)) sink.CompleteFromWire(kind, body);
    }

    public void OnClosed(Connection connection, string reason)
    {
        _pending.FailSentOn(connection, reason);
        foreach (var (endpoint, current) in _connections)
        {
            if (current != connection) continue;
            _connections.TryRemove(new KeyValuePair<IPEndPoint, Connection>(endpoint, connection));
            if (!_disposed) _failedAtMs[endpoint] = Environment.TickCount64;
        }
    }

    public ValueTask DisposeAsync()
    {
        _disposed = true;
        _refresh?.Dispose();
        foreach (var connection in _connections.Values) connection.Close("the client is closing");
        _pending.FailAll("the client is closing");
        _pending.Dispose();
        return ValueTask.CompletedTask;
    }
}
