using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace LstmActors.Runtime.Messaging;

/// <summary>Accepts TCP connections on one endpoint (the silo port or the gateway port) and starts a connection for each.</summary>
internal sealed class ConnectionListener(IPEndPoint endpoint, Func<Socket, Connection> accept, ILogger logger)
{
    private readonly Socket _socket = new(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
    private readonly List<Connection> _accepted = [];
    private readonly Lock _lock = new();

    /// <summary>The bound endpoint (the real port when 0 was asked for).</summary>
    public IPEndPoint Endpoint { get; private set; } = endpoint;

    public void Start()
    {
        _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _socket.Bind(Endpoint);
        _socket.Listen(512);
        Endpoint = (IPEndPoint)_socket.LocalEndPoint!;
        _ = AcceptLoopAsync();
    }

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }
            var connection = accept(client);
            lock (_lock)
            {
                _accepted.RemoveAll(c => c.IsClosed);
                _accepted.Add(connection);
            }
            connection.Start(null, TimeSpan.Zero);
        }
    }

    /// <summary>Stops accepting and closes (or, when <paramref name="abort"/>, resets) every accepted connection.</summary>
    public void Stop(bool abort)
    {
        _socket.Dispose();
        Connection[] accepted;
        lock (_lock) accepted = _accepted.ToArray();
        foreach (var connection in accepted)
        {
            if (abort) connection.Abort();
            else connection.Close("the silo is stopping");
        }
        logger.LogDebug("Stopped listening on {Endpoint}.", Endpoint);
    }
}
