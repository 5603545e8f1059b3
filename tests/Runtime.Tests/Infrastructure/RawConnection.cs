using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
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

    /// <summary>
    /// The client side of the handshake, written from the protocol description (hello with a nonce, challenge, our
    /// HMAC proof, the silo's proof). False if the silo closed the connection instead of proving itself.
    /// </summary>
    public async Task<bool> HandshakeAsync(string clusterId, byte[] secret)
    {
        byte[] hello = [.. String(clusterId), 2, .. RandomNumberGenerator.GetBytes(32)];
        await SendAsync(Frame(1, 1, 0, hello));
        var challenge = await ReceiveFrameAsync(5);
        if (challenge is null) return false;
        byte[] transcript = [.. hello, .. challenge];
        await SendAsync(Frame(1, 6, 0, Proof(secret, "initiator", transcript)));
        var proof = await ReceiveFrameAsync(6);
        if (proof is null) return false;
        Assert.Equal(Proof(secret, "acceptor", transcript), proof);
        return true;
    }

    private static byte[] Proof(byte[] secret, string side, byte[] transcript)
        => HMACSHA256.HashData(secret, (byte[])[.. Encoding.ASCII.GetBytes("LstmActors handshake v1 " + side), .. transcript]);

    /// <summary>The body of the next frame (which must be of <paramref name="kind"/>), or null if the silo closed the connection.</summary>
    private async Task<byte[]?> ReceiveFrameAsync(byte kind)
    {
        var prefix = await ReceiveExactlyAsync(4);
        if (prefix is null) return null;
        var frame = await ReceiveExactlyAsync(BinaryPrimitives.ReadInt32LittleEndian(prefix));
        if (frame is null) return null;
        Assert.Equal(kind, frame[1]);
        return frame[10..];
    }

    private async Task<byte[]?> ReceiveExactlyAsync(int count)
    {
        var buffer = new byte[count];
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            for (int read = 0; read < count;)
            {
                int received = await _socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, deadline.Token);
                if (received == 0) return null;
                read += received;
            }
        }
        catch (SocketException)
        {
            return null;
        }
        return buffer;
    }

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

    /// <summary>A client hello for <paramref name="clusterId"/> (kind 1, role client, a zero nonce).</summary>
    public static byte[] Hello(string clusterId) => Frame(1, 1, 0, [.. String(clusterId), 2, .. new byte[32]]);

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
