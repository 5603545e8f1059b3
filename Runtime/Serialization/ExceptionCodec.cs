namespace LstmActors.Runtime.Serialization;

/// <summary>Exceptions travel as type name, message and stack text and are read back as <see cref="RemoteGrainException"/>.</summary>
internal sealed class ExceptionCodec : Codec<Exception>
{
    public override void Write(FrameWriter writer, Exception value)
    {
        if (value is RemoteGrainException remote)
        {
            writer.WriteString(remote.OriginalTypeName);
            writer.WriteString(remote.OriginalMessage);
            writer.WriteString(remote.RemoteStackTrace);
            return;
        }
        writer.WriteString(value.GetType().FullName ?? value.GetType().Name);
        writer.WriteString(value.Message);
        writer.WriteString(value.StackTrace);
    }

    public override Exception Read(FrameReader reader)
    {
        string typeName = reader.ReadString() ?? "(unknown)";
        string message = reader.ReadString() ?? "";
        return new RemoteGrainException(typeName, message, reader.ReadString());
    }
}
