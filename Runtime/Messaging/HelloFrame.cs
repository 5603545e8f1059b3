using LstmActors.Runtime.Membership;
using LstmActors.Runtime.Serialization;

namespace LstmActors.Runtime.Messaging;

/// <summary>The first frame on a connection: cluster id, role and (for silos) the sender's address.</summary>
internal sealed class HelloFrame(string clusterId, PeerRole role, SiloAddress? silo) : IOutgoingFrame
{
    public string ClusterId { get; } = clusterId;

    public PeerRole Role { get; } = role;

    public SiloAddress? Silo { get; } = silo;

    public void Write(FrameWriter writer)
    {
        Protocol.WriteHeader(writer, MessageKind.Hello, 0);
        writer.WriteString(ClusterId);
        writer.WriteByte((byte)Role);
        if (Role == PeerRole.Silo)
        {
            writer.WriteString(Silo!.Host);
            writer.WriteInt32(Silo.Port);
            writer.WriteInt64(Silo.Generation);
        }
    }

    public void OnWriteFailed(Exception exception)
    {
    }

    public static HelloFrame Read(FrameReader reader)
    {
        string clusterId = reader.ReadString() ?? throw new InvalidDataException("Hello without a cluster id.");
        var role = (PeerRole)reader.ReadByte();
        SiloAddress? silo = role switch
        {
            PeerRole.Silo => new SiloAddress(reader.ReadString() ?? throw new InvalidDataException("Hello without a host."), reader.ReadInt32(), reader.ReadInt64()),
            PeerRole.Client => null,
            _ => throw new InvalidDataException($"Hello with unknown role {(byte)role}."),
        };
        return new HelloFrame(clusterId, role, silo);
    }
}
