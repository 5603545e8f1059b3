using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using LstmActors.Runtime.Membership;
using LstmActors.Runtime.Security;
using LstmActors.Runtime.Serialization;
using Microsoft.Extensions.Logging;

namespace LstmActors.Runtime.Messaging;

/// <summary>
/// One TCP connection: a read loop that cuts length-prefixed frames out of a receive buffer and hands them to the
/// handler, and a writer loop that serializes every queued frame into one buffer and sends it with one call
/// (writes coalesce under load). Any protocol violation closes the connection with a logged reason.
/// </summary>
internal sealed class Connection
{
    private const int InitialBufferSize = 64 * 1024;
    private const int FlushThreshold = 256 * 1024;

    private readonly Socket _socket;
    private readonly IConnectionHandler _handler;
    private readonly ILogger _logger;
    private readonly int _maxFrameSize;
    private readonly Channel<IOutgoingFrame> _outgoing = Channel.CreateUnbounded<IOutgoingFrame>(new UnboundedChannelOptions { SingleReader = true });
    private readonly string _description;
    private readonly Handshake _handshake;
    private readonly TlsTransport? _tls;
    private Stream _stream = Stream.Null;
    private int _closed;
    private string? _closeReason;

    public Connection(Socket socket, IConnectionHandler handler, ILogger logger, int maxFrameSize, string description, Handshake handshake, TlsTransport? tls)
    {
        _socket = socket;
        _handshake = handshake;
        _tls = tls;
        _handler = handler;
        _logger = logger;
        _maxFrameSize = maxFrameSize;
        _description = description;
    }

    /// <summary>The silo at the other end, once the handshake is done (inbound) or as dialled (outbound).</summary>
    public SiloAddress? RemoteSilo { get; set; }

    /// <summary>The role the peer announced in its hello; null until the handshake is done.</summary>
    public PeerRole? RemoteRole { get; set; }

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>
    /// Dials <paramref name="connectTo"/> (outbound connections), runs the handshake, then starts the loops; frames
    /// queue meanwhile and nothing but the handshake is read or written before it succeeds.
    /// </summary>
    public void Start(EndPoint? connectTo, TimeSpan connectTimeout) => _ = RunAsync(connectTo, connectTimeout);

    public void Send(IOutgoingFrame frame)
    {
        // The queue refuses frames only once Close completed it, after it recorded why.
        if (!_outgoing.Writer.TryWrite(frame))
            frame.OnWriteFailed(new SiloUnavailableException($"Connection to {this} closed: {Volatile.Read(ref _closeReason)}"));
    }

    private async Task RunAsync(EndPoint? connectTo, TimeSpan connectTimeout)
    {
        try
        {
            if (connectTo is not null)
            {
                using var timeout = new CancellationTokenSource(connectTimeout);
                await _socket.ConnectAsync(connectTo, timeout.Token).ConfigureAwait(false);
            }
            _socket.NoDelay = true;
        }
        catch (Exception e)
        {
            Close($"connecting failed: {e.Message}", LogLevel.Information);
            return;
        }
        try
        {
            _stream = await _handshake.RunAsync(this, new NetworkStream(_socket, ownsSocket: false), _tls, initiator: connectTo is not null).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Close($"handshake failed: {e.Message}", LogLevel.Warning);
            return;
        }
        _ = WriteLoopAsync();
        await ReadLoopAsync().ConfigureAwait(false);
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[InitialBufferSize];
        var reader = new FrameReader { Caller = _handler.Caller };
        int start = 0, end = 0;
        try
        {
            while (true)
            {
                int received = await _stream.ReadAsync(buffer.AsMemory(end)).ConfigureAwait(false);
                if (received == 0)
                {
                    Close(start == end ? "the peer closed the connection" : $"the peer closed the connection inside a frame ({end - start} bytes of a truncated frame)", LogLevel.Information);
                    return;
                }
                end += received;
                while (end - start >= 4)
                {
                    int length = BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(start));
                    if (length < Protocol.HeaderSize || length > _maxFrameSize)
                    {
                        Close($"frame length {length} is outside [{Protocol.HeaderSize}, {_maxFrameSize}] (MaxFrameSize)", LogLevel.Warning);
                        return;
                    }
                    if (end - start - 4 < length)
                    {
                        if (buffer.Length - start < 4 + length)
                        {
                            // Make room for the whole frame: move it to the front, growing the buffer if it is too small.
                            var target = buffer.Length < 4 + length ? new byte[Math.Max(4 + length, buffer.Length * 2)] : buffer;
                            Buffer.BlockCopy(buffer, start, target, 0, end - start);
                            buffer = target;
                            end -= start;
                            start = 0;
                        }
                        break;
                    }
                    if (!HandleFrame(buffer, start + 4, length, reader)) return;
                    start += 4 + length;
                }
                if (start == end)
                {
                    start = end = 0;
                    if (buffer.Length > InitialBufferSize) buffer = new byte[InitialBufferSize];
                }
                else if (end == buffer.Length)
                {
                    Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                    end -= start;
                    start = 0;
                }
            }
        }
        catch (Exception e)
        {
            Close($"receive failed: {e.Message}", IsNetworkFailure(e) ? LogLevel.Information : LogLevel.Warning);
        }
    }

    private bool HandleFrame(byte[] buffer, int offset, int length, FrameReader reader)
    {
        byte version = buffer[offset];
        if (version != Protocol.Version)
        {
            Close($"protocol version {version}, expected {Protocol.Version}", LogLevel.Warning);
            return false;
        }
        var kind = (MessageKind)buffer[offset + 1];
        if (!Protocol.IsMessageKind(kind))
        {
            Close(Enum.IsDefined(kind) ? $"a {kind} frame after the handshake" : $"unknown frame kind {(byte)kind}", LogLevel.Warning);
            return false;
        }
        long requestId = BinaryPrimitives.ReadInt64LittleEndian(buffer.AsSpan(offset + 2));
        reader.Reset(buffer, offset + Protocol.HeaderSize, length - Protocol.HeaderSize);
        try
        {
            _handler.OnFrame(this, kind, requestId, reader);
            return !IsClosed;
        }
        catch (Exception e)
        {
            Close($"bad {kind} frame: {e.Message}", LogLevel.Warning);
            return false;
        }
    }

    private async Task WriteLoopAsync()
    {
        var writer = new FrameWriter();
        var queue = _outgoing.Reader;
        try
        {
            while (await queue.WaitToReadAsync().ConfigureAwait(false))
            {
                while (queue.TryRead(out var frame))
                {
                    int mark = writer.Position;
                    try
                    {
                        int lengthAt = writer.ReserveInt32();
                        frame.Write(writer);
                        int length = writer.Position - lengthAt - 4;
                        if (length > _maxFrameSize)
                            throw new InvalidOperationException($"Frame of {length} bytes exceeds MaxFrameSize {_maxFrameSize}; not sent.");
                        writer.PatchInt32(lengthAt, length);
                    }
                    catch (Exception e) when (e is not SocketException)
                    {
                        writer.Truncate(mark);
                        frame.OnWriteFailed(e);
                        continue;
                    }
                    if (writer.Position >= FlushThreshold) await FlushAsync(writer).ConfigureAwait(false);
                }
                if (writer.Position > 0) await FlushAsync(writer).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            Close($"send failed: {e.Message}", IsNetworkFailure(e) ? LogLevel.Information : LogLevel.Warning);
        }
    }

    private async ValueTask FlushAsync(FrameWriter writer)
    {
        await _stream.WriteAsync(writer.Written).ConfigureAwait(false);
        writer.Shrink(4 * FlushThreshold);
    }

    private static bool IsNetworkFailure(Exception e) => e is SocketException or ObjectDisposedException or OperationCanceledException or IOException { InnerException: SocketException };

    /// <summary>Closes once: logs the reason, drops the socket, fails queued frames and tells the handler.</summary>
    public void Close(string reason, LogLevel level = LogLevel.Information)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return;
        Volatile.Write(ref _closeReason, reason);
        _logger.Log(level, "Closing connection {Connection}: {Reason}", this, reason);
        _socket.Dispose();
        _stream.Dispose();
        _outgoing.Writer.TryComplete();
        var closed = new SiloUnavailableException($"Connection to {this} closed: {reason}");
        while (_outgoing.Reader.TryRead(out var frame)) frame.OnWriteFailed(closed);
        _handler.OnClosed(this, reason);
    }

    /// <summary>Drops the connection with a reset and no goodbye (a killed silo).</summary>
    public void Abort()
    {
        try
        {
            _socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already gone.
        }
        Close("aborted", LogLevel.Debug);
    }

    public override string ToString() => RemoteSilo is { } silo ? $"{_description} silo {silo}" : _description;
}
