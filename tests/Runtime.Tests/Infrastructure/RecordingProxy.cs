using System.Net;
using System.Net.Sockets;

namespace Runtime.Tests.Infrastructure;

/// <summary>A TCP relay on loopback that forwards to one endpoint and records every byte in both directions.</summary>
public sealed class RecordingProxy : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly MemoryStream _toTarget = new();
    private readonly MemoryStream _fromTarget = new();
    private readonly Lock _lock = new();

    public RecordingProxy(IPEndPoint target)
    {
        _target = target;
        _listener.Start();
        _ = AcceptLoopAsync();
    }

    public IPEndPoint Endpoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>Bytes sent by the client towards the target, and back.</summary>
    public (byte[] ToTarget, byte[] FromTarget) Recorded
    {
        get
        {
            lock (_lock) return (_toTarget.ToArray(), _fromTarget.ToArray());
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }
            var upstream = new TcpClient();
            await upstream.ConnectAsync(_target);
            _ = PumpAsync(client.GetStream(), upstream.GetStream(), _toTarget);
            _ = PumpAsync(upstream.GetStream(), client.GetStream(), _fromTarget);
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, MemoryStream record)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer)) > 0)
            {
                lock (_lock) record.Write(buffer, 0, read);
                await to.WriteAsync(buffer.AsMemory(0, read));
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
        {
            // One side went away; the other pump ends too.
        }
        from.Socket.Dispose();
        to.Socket.Dispose();
    }

    public void Dispose() => _listener.Stop();
}
