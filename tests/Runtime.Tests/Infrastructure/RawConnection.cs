using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Runtime.Tests.Infrastructure;

/// <summary>A plain TCP client that writes hand-made (often malformed) frames to a silo port.</summary>
public sealed class RawConnection : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public static async Task<RawConnection> ConnectAsync(IPEndPoint endpoint)
    {
        var connection = new RawConnection();
        await connection._socket.ConnectAsync(endpoint);
        return connection;
    }

    public Task SendAsync(byte[] bytes) => _socket.SendAsync(bytes, SocketFlags.None);

    /// <summary>Half-closes our side: the silo sees the end of the stream.</summary>
    public void ShutdownSend() => _socket.Shutdown(SocketShutdown.Send);

    /// <summary>True once the silo closed the connection (end of stream or reset) before the deadline.</summary>
    public async Task<bool> ClosedByPeerAsync(TimeSpan timeout)
    {
        var buffer = new byte[1024];
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                if (await _socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token) == 0) return true;
            }
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose() => _socket.Dispose();

    /// <summary>A frame: length prefix, version, kind, request id, body.</summary>
    public static byte[] Frame(byte version, byte kind, long requestId, byte[] body)
    {
        var frame = new byte[4 + 10 + body.Length];
        BinaryPrimitives.WriteInt32LittleEndian(frame, 10 + body.Length);
        frame[4] = version;
        frame[5] = kind;
        BinaryPrimitives.WriteInt64LittleEndian(frame.AsSpan(6), requestId);
        body.CopyTo(frame, 14);
        return frame;
    }

    /// <summary>A client hello for <paramref name="clusterId"/> (kind 1, role client).</summary>
    public static byte[] Hello(string clusterId) => Frame(1, 1, 0, [.. String(clusterId), 2]);

    /// <summary>A request (kind 2) with the given interface id, method index, key and raw argument bytes.</summary>
    public static byte[] Request(int interfaceId, int methodIndex, string key, byte[] arguments)
    {
        var id = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(id, interfaceId);
        return Frame(1, 2, 1, [.. id, (byte)methodIndex, 0, .. String(key), .. arguments]);
    }

    private static byte[] String(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return [(byte)(bytes.Length + 1), .. bytes];
    }
}
