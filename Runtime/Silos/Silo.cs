using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using LstmActors.Runtime.Activation;
using LstmActors.Runtime.Configuration;
using LstmActors.Runtime.Invocation;
using LstmActors.Runtime.Membership;
using LstmActors.Runtime.Messaging;
using LstmActors.Runtime.Persistence;
using LstmActors.Runtime.Security;
using LstmActors.Runtime.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LstmActors.Runtime.Silos;

/// <summary>
/// A silo: hosts activations, routes every call by placement (local activation, or the owning silo over TCP),
/// serves silo and gateway connections, and keeps its membership. Calls inside the silo pass arguments by reference.
/// </summary>
internal sealed class Silo : IGrainCaller, IConnectionHandler, IRemoteSiloProber
{
    private readonly ClusterOptions _cluster;
    private readonly EndpointOptions _endpoints;
    private readonly MessagingOptions _messaging;
    private readonly GrainCollectionOptions _collection;
    private readonly ClusterMembershipOptions _membershipOptions;
    private readonly GrainTypeOptions _grainTypes;
    private readonly SiloOptions _siloOptions;
    private readonly IMembershipTable _table;
    private readonly ILoggerFactory _loggerFactory;
    private readonly GrainStorageCatalog _storages;
    private readonly Dictionary<int, GrainClassInfo> _classesByInterface = [];
    private readonly Dictionary<int, string> _ambiguousInterfaces = [];
    private readonly ConcurrentDictionary<SiloAddress, Connection> _outbound = new();
    private readonly Lock _outboundLock = new();
    private readonly PendingRequests _pending;
    private readonly TlsTransport? _tls;
    private readonly ConcurrentDictionary<long, ProbeFrame> _probes = new();
    private long _nextProbeId;
    private ConnectionListener? _siloListener;
    private ConnectionListener? _gatewayListener;
    private Timer? _collector;
    private int _state;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private const int Created = 0, Running = 1, Stopping = 2, Down = 3;

    public Silo(
        IServiceProvider services,
        IOptions<ClusterOptions> cluster,
        IOptions<SiloOptions> siloOptions,
        IOptions<EndpointOptions> endpoints,
        IOptions<MessagingOptions> messaging,
        IOptions<GrainCollectionOptions> collection,
        IOptions<ClusterMembershipOptions> membership,
        IOptions<GrainTypeOptions> grainTypes,
        IOptions<TlsOptions> tls,
        IMembershipTable table,
        IEnumerable<GrainStorageRegistration> storages,
        ILoggerFactory loggerFactory)
    {
        Services = services;
        _cluster = cluster.Value;
        _siloOptions = siloOptions.Value;
        _endpoints = endpoints.Value;
        _messaging = messaging.Value;
        _collection = collection.Value;
        _membershipOptions = membership.Value;
        _grainTypes = grainTypes.Value;
        _tls = TlsTransport.Create(tls.Value, serves: true);
        _table = table;
        _loggerFactory = loggerFactory;
        Logger = loggerFactory.CreateLogger("LstmActors.Runtime.Silo");
        _storages = new GrainStorageCatalog(storages, services);
        _pending = new PendingRequests(_messaging.ResponseTimeout);
        Catalog = new Catalog(this);
        GrainFactory = new SiloGrainFactory(this);
    }

    public IServiceProvider Services { get; }

    public ILogger Logger { get; }

    public Catalog Catalog { get; }

    public SiloGrainFactory GrainFactory { get; }

    public SiloAddress Self { get; private set; } = null!;

    public MembershipAgent Membership { get; private set; } = null!;

    public IPEndPoint GatewayEndpoint => _gatewayListener?.Endpoint ?? throw new InvalidOperationException("The silo has not started.");

    public TimeSpan CollectionAge => _collection.CollectionAge;

    public TimeSpan DeactivationTimeout => _collection.DeactivationTimeout;

    public bool IsRunning => Volatile.Read(ref _state) == Running;

    IGrainCaller IConnectionHandler.Caller => this;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, Running, Created) != Created)
            throw new InvalidOperationException("A silo starts once.");
        RegisterGrainClasses();
        if (_cluster.Secret is null)
            Logger.LogWarning("No cluster secret is configured: DEVELOPMENT MODE, silo and gateway connections are not authenticated. "
                + "Use UseClusterSecretFile or UseClusterSecretFromEnvironment in production.");
        await _storages.InitializeAsync(cancellationToken);
        var bindAddress = _endpoints.ListenOnAnyHostAddress ? IPAddress.Any : _endpoints.AdvertisedIPAddress;
        var connectionLogger = _loggerFactory.CreateLogger("LstmActors.Runtime.Connection");
        _siloListener = new ConnectionListener(new IPEndPoint(bindAddress, _endpoints.SiloPort), s => Accept(s, "inbound", connectionLogger), Logger);
        _gatewayListener = new ConnectionListener(new IPEndPoint(bindAddress, _endpoints.GatewayPort), s => Accept(s, "gateway", connectionLogger), Logger);
        _siloListener.Start();
        _gatewayListener.Start();
        Self = new SiloAddress(_endpoints.AdvertisedIPAddress.ToString(), _siloListener.Endpoint.Port, SiloGeneration.Next());
        Membership = new MembershipAgent(_table, _membershipOptions, Self, _gatewayListener.Endpoint.Port, _siloOptions.SiloName, this, Logger);
        Membership.ViewChanged += OnViewChanged;
        Membership.DeclaredDead += () => Kill();
        try
        {
            await Membership.JoinAsync(cancellationToken);
        }
        catch
        {
            // Listeners and connections opened so far must not outlive a silo that did not join.
            Kill();
            throw;
        }
        _collector = new Timer(_ => Catalog.CollectIdle(_collection.CollectionAge), null, _collection.CollectionQuantum, _collection.CollectionQuantum);
        Logger.LogInformation("Silo {Silo} started: gateway {Gateway}, {Classes} grain classes.", Self, _gatewayListener.Endpoint, _grainTypes.Classes.Count);
    }

    private void RegisterGrainClasses()
    {
        var candidates = new Dictionary<int, List<(GrainClassInfo Class, bool Direct)>>();
        foreach (var type in _grainTypes.Classes)
        {
            var grainClass = new GrainClassInfo(type, _storages);
            foreach (var grainInterface in grainClass.Interfaces)
            {
                // "Direct": the class does not get the interface only as the base of a more specific grain interface.
                bool direct = !grainClass.Interfaces.Any(i => i != grainInterface && grainInterface.Type.IsAssignableFrom(i.Type));
                if (!candidates.TryGetValue(grainInterface.Id, out var list)) candidates[grainInterface.Id] = list = [];
                list.Add((grainClass, direct));
            }
        }
        foreach (var (id, list) in candidates)
        {
            var chosen = list.Count == 1 ? list : list.Where(c => c.Direct).ToList();
            if (chosen.Count == 1) _classesByInterface[id] = chosen[0].Class;
            else _ambiguousInterfaces[id] = string.Join(", ", list.Select(c => c.Class.TypeName));
        }
    }

    private Connection Accept(Socket socket, string kind, ILogger logger)
        => new(socket, this, logger, _messaging.MaxFrameSize, $"{kind} {socket.RemoteEndPoint} -> {Self}", NewHandshake(), _tls);

    private Handshake NewHandshake() => new(_cluster.ClusterId, _cluster.Secret, PeerRole.Silo, Self, _messaging.HandshakeTimeout);

    /// <summary>Test hook: cuts this silo's direct pings to some targets (a one-way partition); null sends every ping.</summary>
    public IProbePath? ProbePath { get; set; }

    /// <summary>Pings <paramref name="target"/> over the outbound connection; false if no pong arrives within <paramref name="timeout"/>.</summary>
    public async Task<bool> ProbeAsync(SiloAddress target, TimeSpan timeout)
        => await AskAsync(target, ProbeFrame.Ping(Interlocked.Increment(ref _nextProbeId)), timeout, send: ProbePath?.Delivers(target) ?? true) == true;

    /// <summary>
    /// Asks <paramref name="intermediary"/> to ping <paramref name="target"/> with its own probe timeout and waits up to
    /// <paramref name="timeout"/> for the verdict.
    /// </summary>
    public async Task<IndirectProbeOutcome> ProbeIndirectlyAsync(SiloAddress intermediary, SiloAddress target, TimeSpan timeout)
        => await AskAsync(intermediary, ProbeFrame.IndirectProbe(Interlocked.Increment(ref _nextProbeId), target), timeout, send: true) switch
        {
            true => IndirectProbeOutcome.Reached,
            false => IndirectProbeOutcome.NotReached,
            null => IndirectProbeOutcome.NoAnswer,
        };

    /// <summary>Sends a probe frame to <paramref name="silo"/> and waits for its answer; null if none came in time (or the connection failed).</summary>
    private async Task<bool?> AskAsync(SiloAddress silo, ProbeFrame frame, TimeSpan timeout, bool send)
    {
        if (Volatile.Read(ref _state) == Down) return null;
        _probes[frame.ProbeId] = frame;
        try
        {
            if (send) GetOutbound(silo).Send(frame);
            return await frame.Answered.Task.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or SiloUnavailableException)
        {
            return null;
        }
        finally
        {
            _probes.TryRemove(frame.ProbeId, out _);
        }
    }

    /// <summary>
    /// An intermediary's side of an indirect probe: pings the target with this silo's own probe timeout and answers the
    /// asking silo. Only silos ask, and only about silos in this silo's view (it never dials an address a peer made up).
    /// </summary>
    private void OnIndirectProbe(Connection connection, long probeId, FrameReader body)
    {
        if (connection.RemoteRole != PeerRole.Silo) throw new InvalidDataException("an indirect probe request from a client (only silos ask)");
        var target = ProbeFrame.ReadTarget(body);
        _ = AnswerIndirectProbeAsync(connection, probeId, target);
    }

    private async Task AnswerIndirectProbeAsync(Connection connection, long probeId, SiloAddress target)
    {
        bool known = Membership?.View.Silos.Contains(target) == true;
        bool reached = known && await ProbeAsync(target, _membershipOptions.ProbeTimeout).ConfigureAwait(false);
        Logger.LogInformation("Silo {Silo} probed {Target} for {Prober}: {Outcome}.", Self, target, connection.RemoteSilo,
            reached ? "reached" : known ? "not reached" : "not in this silo's view");
        connection.Send(ProbeFrame.IndirectProbeResult(probeId, reached));
    }

    /// <summary>Grain calls from this silo: hosted code and grains.</summary>
    public void SendRequest(GrainReference target, GrainMethod method, object?[] arguments, ResponseSink sink)
    {
        _pending.Register(sink);
        var message = new Message(target.Interface, method, target.Key, arguments, sink, 0);
        if (target.RouteCache is not SiloRoute route || route.Silo != this)
        {
            if (!TryResolve(message, out var grainClass, out var grainId)) return;
            target.RouteCache = route = new SiloRoute(this, grainClass, grainId);
        }
        Route(message, route.Class, route.GrainId, route);
    }

    /// <summary>Sends a call again after its activation went away (deactivated or failed).</summary>
    public void Reroute(Message message)
    {
        if (TryResolve(message, out var grainClass, out var grainId)) Route(message, grainClass, grainId, null);
    }

    private bool TryResolve(Message message, out GrainClassInfo grainClass, out GrainId grainId)
    {
        if (!_classesByInterface.TryGetValue(message.Interface.Id, out grainClass!))
        {
            grainId = null!;
            message.Sink.Fail(new InvalidOperationException(_ambiguousInterfaces.TryGetValue(message.Interface.Id, out var classes)
                ? $"Grain interface '{message.Interface.Type.FullName}' is implemented by several grain classes ({classes}); call it through an interface only one class implements."
                : $"No grain class implementing '{message.Interface.Type.FullName}' is registered on silo {Self}."));
            return false;
        }
        grainId = new GrainId(grainClass.TypeName, message.Key);
        return true;
    }

    private void Route(Message message, GrainClassInfo grainClass, GrainId grainId, SiloRoute? cache)
    {
        if (Volatile.Read(ref _state) == Down)
        {
            message.Sink.Fail(new SiloUnavailableException($"Silo {Self} is stopped; {message.Sink.Describe()} was not delivered."));
            return;
        }
        if (grainClass.IsStatelessWorker)
        {
            DeliveringHere(message);
            Catalog.DispatchToStatelessWorker(grainId, grainClass, message);
            return;
        }
        var owner = grainClass.PlacedOnKeySilo ? SiloNamedBy(grainId.Key) : Membership.View.OwnerOf(grainId);
        if (owner is null)
        {
            message.Sink.Fail(new SiloUnavailableException(grainClass.PlacedOnKeySilo
                ? $"Grain '{grainId}' lives on silo '{grainId.Key}', which is not an active silo in the view {Membership.View} of silo {Self}."
                : $"No active silo to place grain '{grainId}' on (silo {Self})."));
            return;
        }
        if (owner.Equals(Self))
        {
            var activation = cache?.Activation;
            if (activation is null || activation.State != ActivationState.Valid)
            {
                activation = Catalog.GetOrCreate(grainId, grainClass);
                if (cache is not null) cache.Activation = activation;
            }
            DeliveringHere(message);
            activation.Enqueue(message);
            return;
        }
        SendToSilo(owner, message);
    }

    /// <summary>A call made in this silo goes to one of its activations: time it out here (a call off the wire is timed by its caller).</summary>
    private void DeliveringHere(Message message)
    {
        if (message.Sink.Registry == _pending) _pending.DeliveredHere(message.Sink);
    }

    private SiloAddress? SiloNamedBy(string key) => Membership.View.Silos.FirstOrDefault(s => s.ToString() == key);

    private void SendToSilo(SiloAddress owner, Message message)
    {
        if (message.Sink.Registry != _pending)
        {
            // A call that came in over a connection is passed on: count the hop, and relay the answer back.
            if (message.ForwardCount >= Protocol.MaxForwardCount)
            {
                message.Sink.Fail(new MessageRejectionException($"{message.Sink.Describe()} was forwarded {message.ForwardCount} times without reaching its owner; membership views disagree, retry."));
                return;
            }
            message.ForwardCount++;
            var relay = new RelaySink(message.Sink, message.Method);
            // The original caller times the call out; the relay entry only must not outlive it for ever.
            _pending.Register(relay, timeoutFactor: 2);
            message.Sink = relay;
        }
        var connection = GetOutbound(owner);
        _pending.SentOn(message.Sink, connection);
        connection.Send(message);
    }

    private Connection GetOutbound(SiloAddress silo)
    {
        if (_outbound.TryGetValue(silo, out var connection) && !connection.IsClosed) return connection;
        lock (_outboundLock)
        {
            if (_outbound.TryGetValue(silo, out connection) && !connection.IsClosed) return connection;
            var endpoint = new IPEndPoint(IPAddress.Parse(silo.Host), silo.Port);
            var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            connection = new Connection(socket, this, Logger, _messaging.MaxFrameSize, $"outbound {Self} ->", NewHandshake(), _tls) { RemoteSilo = silo, RemoteRole = PeerRole.Silo };
            _outbound[silo] = connection;
            connection.Start(endpoint, _messaging.ConnectTimeout);
            return connection;
        }
    }

    public void OnFrame(Connection connection, MessageKind kind, long requestId, FrameReader body)
    {
        switch (kind)
        {
            case MessageKind.Request:
                OnRequest(connection, requestId, body);
                return;
            case MessageKind.Ping:
                connection.Send(ProbeFrame.Pong(requestId));
                return;
            case MessageKind.Pong:
                if (_probes.TryGetValue(requestId, out var ping) && ping.Kind == MessageKind.Ping) ping.Answered.TrySetResult(true);
                return;
            case MessageKind.IndirectProbe:
                OnIndirectProbe(connection, requestId, body);
                return;
            case MessageKind.IndirectProbeResult:
                bool reached = ProbeFrame.ReadReached(body);
                if (_probes.TryGetValue(requestId, out var request) && request.Kind == MessageKind.IndirectProbe) request.Answered.TrySetResult(reached);
                return;
            default:
                if (_pending.TryGet(requestId, out var sink)) sink.CompleteFromWire(kind, body);
                return;
        }
    }

    private void OnRequest(Connection connection, long requestId, FrameReader body)
    {
        int interfaceId = body.ReadInt32();
        ulong methodIndex = body.ReadVarUInt64();
        int forwardCount = body.ReadByte();
        string key = body.ReadString() ?? throw new InvalidDataException("a request without a grain key");
        if (!_classesByInterface.TryGetValue(interfaceId, out var grainClass))
            throw new InvalidDataException($"unknown grain interface id {interfaceId} (no grain class on silo {Self} implements it)");
        var grainInterface = grainClass.Interfaces.First(i => i.Id == interfaceId);
        if (methodIndex >= (ulong)grainInterface.Methods.Length)
            throw new InvalidDataException($"grain interface '{grainInterface.Type.FullName}' has no method {methodIndex} (it has {grainInterface.Methods.Length})");
        var method = grainInterface.Methods[methodIndex];
        var arguments = method.ReadArguments(body);
        if (body.Remaining != 0) throw new InvalidDataException($"{body.Remaining} bytes left after the arguments of {method.Name}");
        var sink = new RemoteResponseSink(connection, requestId, method, key);
        Route(new Message(grainInterface, method, key, arguments, sink, forwardCount), grainClass, new GrainId(grainClass.TypeName, key), null);
    }

    public void OnClosed(Connection connection, string reason)
    {
        _pending.FailSentOn(connection, reason);
        if (connection.RemoteSilo is { } silo && _outbound.TryGetValue(silo, out var current) && current == connection)
            _outbound.TryRemove(new KeyValuePair<SiloAddress, Connection>(silo, connection));
    }

    private void OnViewChanged(ClusterView view)
    {
        if (!IsRunning) return;
        _ = Catalog.DeactivateAsync(
            a => !a.Class.IsStatelessWorker && !a.Class.PlacedOnKeySilo && view.OwnerOf(a.GrainId) is { } owner && !owner.Equals(Self),
            new DeactivationReason(DeactivationReasonCode.PlacementChanged, $"Membership changed to {view}."));
    }

    /// <summary>Graceful stop: leave the view, deactivate everything (OnDeactivateAsync runs), mark Dead, close connections.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, Stopping, Running) != Running) return;
        Logger.LogInformation("Silo {Silo} stopping.", Self);
        await Membership.LeaveAsync(cancellationToken);
        var deactivation = Catalog.DeactivateAsync(_ => true, new DeactivationReason(DeactivationReasonCode.ShuttingDown, "The silo is shutting down."));
        try
        {
            await deactivation.WaitAsync(_collection.DeactivationTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            // Turns that never end must not keep the silo alive: the rest is dropped below.
            Logger.LogWarning("Silo {Silo}: {Count} activations did not deactivate in time; dropping them.", Self, Catalog.Count);
        }
        await Membership.StopAsync(CancellationToken.None);
        Volatile.Write(ref _state, Down);
        CloseAll(abort: false, "the silo stopped");
        Catalog.AbandonAll();
        _stopped.TrySetResult();
    }

    /// <summary>Abrupt stop: no goodbye, no table writes, no deactivation callbacks; sockets are reset.</summary>
    public void Kill()
    {
        if (Interlocked.Exchange(ref _state, Down) == Down) return;
        Logger.LogWarning("Silo {Silo} killed.", Self);
        Membership?.Kill();
        CloseAll(abort: true, "the silo was killed");
        Catalog.AbandonAll();
        _stopped.TrySetResult();
    }

    /// <summary>Completes when the silo has stopped or was killed.</summary>
    public Task Stopped => _stopped.Task;

    private void CloseAll(bool abort, string reason)
    {
        _collector?.Dispose();
        _siloListener?.Stop(abort);
        _gatewayListener?.Stop(abort);
        foreach (var connection in _outbound.Values)
        {
            if (abort) connection.Abort();
            else connection.Close(reason);
        }
        _pending.FailAll(reason);
        _pending.Dispose();
    }

    public override string ToString() => $"silo {Self}";
}
