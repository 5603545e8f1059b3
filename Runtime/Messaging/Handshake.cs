using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using LstmActors.Runtime.Membership;
using LstmActors.Runtime.Security;
using LstmActors.Runtime.Serialization;

namespace LstmActors.Runtime.Messaging;

/// <summary>
/// Mutual challenge-response that opens every connection, before any grain message: the dialling side sends a
/// hello (cluster id, role, silo address, its nonce), the accepting side answers with its nonce, the dialling side
/// proves HMAC-SHA256(secret, "initiator" | hello | accepting nonce), the accepting side checks it (constant time) and
/// proves the same with "acceptor". The secret never crosses the wire; a wrong cluster id, a wrong or missing secret,
/// anything else or silence past the deadline fails the handshake and the connection is closed.
/// Optional TLS (<see cref="TlsTransport"/>) runs first, inside the same deadline.
/// Without a configured secret (development mode) the key is empty: such peers only talk to each other.
/// </summary>
internal sealed class Handshake(string clusterId, byte[]? secret, PeerRole role, SiloAddress? self, TimeSpan timeout)
{
    private const int NonceSize = 32;
    private const int MaxFrameSize = 4096;
    private static readonly byte[] InitiatorLabel = Encoding.ASCII.GetBytes("LstmActors handshake v1 initiator");
    private static readonly byte[] AcceptorLabel = Encoding.ASCII.GetBytes("LstmActors handshake v1 acceptor");
    private readonly byte[] _key = secret ?? [];

    /// <summary>
    /// Runs the dialling (<paramref name="initiator"/>) or accepting side, under TLS first when <paramref name="tls"/>
    /// is set, all within the deadline; returns the stream grain frames use; throws with the reason when it fails.
    /// </summary>
    public async Task<Stream> RunAsync(Connection connection, Stream stream, TlsTransport? tls, bool initiator)
    {
        if (timeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeout), $"MessagingOptions.HandshakeTimeout must be positive, got {timeout}.");
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            if (tls is not null) stream = await tls.AuthenticateAsync(stream, initiator, deadline.Token).ConfigureAwait(false);
            if (initiator) await InitiateAsync(stream, deadline.Token).ConfigureAwait(false);
            else await AcceptAsync(connection, stream, deadline.Token).ConfigureAwait(false);
            return stream;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new InvalidDataException($"no complete handshake within {timeout} (MessagingOptions.HandshakeTimeout)");
        }
    }

    private async Task InitiateAsync(Stream stream, CancellationToken cancellationToken)
    {
        var hello = WriteHello(RandomNumberGenerator.GetBytes(NonceSize));
        await SendAsync(stream, MessageKind.Hello, hello, cancellationToken).ConfigureAwait(false);
        var challenge = await ReceiveAsync(stream, MessageKind.Challenge, cancellationToken).ConfigureAwait(false);
        if (challenge.Length != NonceSize) throw new InvalidDataException($"a challenge of {challenge.Length} bytes, expected {NonceSize}");
        byte[] transcript = [.. hello, .. challenge];
        await SendAsync(stream, MessageKind.Proof, Prove(InitiatorLabel, transcript), cancellationToken).ConfigureAwait(false);
        var proof = await ReceiveAsync(stream, MessageKind.Proof, cancellationToken).ConfigureAwait(false);
        if (!CryptographicOperations.FixedTimeEquals(proof, Prove(AcceptorLabel, transcript)))
            throw new InvalidDataException("the peer did not prove knowledge of the cluster secret (the secrets differ)");
    }

    private async Task AcceptAsync(Connection connection, Stream stream, CancellationToken cancellationToken)
    {
        var hello = await ReceiveAsync(stream, MessageKind.Hello, cancellationToken).ConfigureAwait(false);
        var (peerRole, peerSilo) = ReadHello(hello);
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        await SendAsync(stream, MessageKind.Challenge, nonce, cancellationToken).ConfigureAwait(false);
        byte[] transcript = [.. hello, .. nonce];
        var proof = await ReceiveAsync(stream, MessageKind.Proof, cancellationToken).ConfigureAwait(false);
        if (!CryptographicOperations.FixedTimeEquals(proof, Prove(InitiatorLabel, transcript)))
            throw new InvalidDataException($"refused {peerRole} {peerSilo}: it did not prove knowledge of the cluster secret (wrong or missing secret)");
        await SendAsync(stream, MessageKind.Proof, Prove(AcceptorLabel, transcript), cancellationToken).ConfigureAwait(false);
        connection.RemoteRole = peerRole;
        connection.RemoteSilo = peerSilo;
    }

    private byte[] Prove(byte[] label, byte[] transcript) => HMACSHA256.HashData(_key, (byte[])[.. label, .. transcript]);

    private byte[] WriteHello(byte[] nonce)
    {
        var writer = new FrameWriter();
        writer.WriteString(clusterId);
        writer.WriteByte((byte)role);
        if (role == PeerRole.Silo)
        {
            writer.WriteString(self!.Host);
            writer.WriteInt32(self.Port);
            writer.WriteInt64(self.Generation);
        }
        writer.WriteBytes(nonce);
        return writer.Written.ToArray();
    }

    private (PeerRole Role, SiloAddress? Silo) ReadHello(byte[] hello)
    {
        var reader = new FrameReader();
        reader.Reset(hello, 0, hello.Length);
        string peerCluster = reader.ReadString() ?? throw new InvalidDataException("a hello without a cluster id");
        if (peerCluster != clusterId) throw new InvalidDataException($"cluster id '{peerCluster}', expected '{clusterId}'");
        var peerRole = (PeerRole)reader.ReadByte();
        SiloAddress? silo = peerRole switch
        {
            PeerRole.Silo => new SiloAddress(reader.ReadString() ?? throw new InvalidDataException("a hello without a host"), reader.ReadInt32(), reader.ReadInt64()),
            PeerRole.Client => null,
            _ => throw new InvalidDataException($"a hello with unknown role {(byte)peerRole}"),
        };
        if (reader.Remaining != NonceSize) throw new InvalidDataException($"a hello nonce of {reader.Remaining} bytes, expected {NonceSize}");
        return (peerRole, silo);
    }

    private static async Task SendAsync(Stream stream, MessageKind kind, byte[] body, CancellationToken cancellationToken)
    {
        var frame = new byte[4 + Protocol.HeaderSize + body.Length];
        BinaryPrimitives.WriteInt32LittleEndian(frame, Protocol.HeaderSize + body.Length);
        frame[4] = Protocol.Version;
        frame[5] = (byte)kind;
        body.CopyTo(frame, 4 + Protocol.HeaderSize);
        await stream.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads exactly one frame (never more: grain frames may follow it) and returns its body.</summary>
    private static async Task<byte[]> ReceiveAsync(Stream stream, MessageKind expected, CancellationToken cancellationToken)
    {
        var prefix = new byte[4];
        await ReceiveExactlyAsync(stream, prefix, cancellationToken).ConfigureAwait(false);
        int length = BinaryPrimitives.ReadInt32LittleEndian(prefix);
        if (length < Protocol.HeaderSize || length > MaxFrameSize)
            throw new InvalidDataException($"frame length {length} is outside [{Protocol.HeaderSize}, {MaxFrameSize}] (handshake frames)");
        var frame = new byte[length];
        await ReceiveExactlyAsync(stream, frame, cancellationToken).ConfigureAwait(false);
        if (frame[0] != Protocol.Version) throw new InvalidDataException($"protocol version {frame[0]}, expected {Protocol.Version}");
        var kind = (MessageKind)frame[1];
        if (kind != expected) throw new InvalidDataException($"a {kind} frame where the handshake expects a {expected} frame");
        return frame[Protocol.HeaderSize..];
    }

    private static async Task ReceiveExactlyAsync(Stream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        int read = 0;
        while (read < buffer.Length)
        {
            int received = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false);
            if (received == 0)
                throw new InvalidDataException("the peer closed the connection during the handshake (it refused this cluster id or cluster secret, or does not speak the protocol)");
            read += received;
        }
    }
}
