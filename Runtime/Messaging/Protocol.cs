using LstmActors.Runtime.Serialization;

namespace LstmActors.Runtime.Messaging;

/// <summary>Kinds of frames on a connection.</summary>
internal enum MessageKind : byte
{
    /// <summary>First frame of every connection (handshake): cluster id, who is calling, the caller's nonce.</summary>
    Hello = 1,
    /// <summary>A grain call: interface id, method index, forward count, key, arguments.</summary>
    Request = 2,
    /// <summary>A successful result.</summary>
    Response = 3,
    /// <summary>An exception (type name, message, stack text).</summary>
    Error = 4,
    /// <summary>Handshake: the accepting side's nonce.</summary>
    Challenge = 5,
    /// <summary>Handshake: an HMAC of the hello and both nonces under the cluster secret.</summary>
    Proof = 6,
    /// <summary>A liveness probe between silos (request id = probe id).</summary>
    Ping = 7,
    /// <summary>The answer to a probe, with its id.</summary>
    Pong = 8,
    /// <summary>Asks the receiving silo to ping a target for the sender (request id = probe id; body: the target silo address).</summary>
    IndirectProbe = 9,
    /// <summary>An intermediary's answer to an indirect probe, with its id (body: one byte, 1 if the target answered its ping).</summary>
    IndirectProbeResult = 10,
}

/// <summary>
/// Frame layout: int32 length (of what follows, little-endian), byte protocol version, byte kind, int64 request id,
/// then the kind's body. Lengths outside [<see cref="HeaderSize"/>, MaxFrameSize] close the connection.
/// </summary>
internal static class Protocol
{
    public const byte Version = 1;

    /// <summary>Version, kind and request id.</summary>
    public const int HeaderSize = 10;

    /// <summary>Requests forwarded more often than this are rejected (placement views disagree).</summary>
    public const int MaxForwardCount = 2;

    /// <summary>Kinds allowed once the handshake is done.</summary>
    public static bool IsMessageKind(MessageKind kind) => kind is MessageKind.Request or MessageKind.Response or MessageKind.Error
        or MessageKind.Ping or MessageKind.Pong or MessageKind.IndirectProbe or MessageKind.IndirectProbeResult;

    public static void WriteHeader(FrameWriter writer, MessageKind kind, long requestId)
    {
        writer.WriteByte(Version);
        writer.WriteByte((byte)kind);
        writer.WriteInt64(requestId);
    }
}

/// <summary>Something a connection's writer loop serializes into its next batch.</summary>
internal interface IOutgoingFrame
{
    /// <summary>Writes header and body (the connection writes the length prefix).</summary>
    void Write(FrameWriter writer);

    /// <summary>The frame could not be written (serialization failed, too large, or the connection closed).</summary>
    void OnWriteFailed(Exception exception);
}

/// <summary>Who opened a connection, as announced in its hello.</summary>
internal enum PeerRole : byte
{
    Silo = 1,
    Client = 2,
}
