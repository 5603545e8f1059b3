using LstmActors.Runtime.Serialization;

namespace LstmActors.Runtime.Invocation;

/// <summary>Grain references travel as interface id and key and are rebound to the receiving side's runtime.</summary>
internal sealed class GrainReferenceCodec<T> : Codec<T> where T : class, IGrainWithStringKey
{
    public override void Write(FrameWriter writer, T value)
    {
        if (value is null)
        {
            writer.WriteBool(false);
            return;
        }
        if (value is not GrainReference reference)
            throw new CodecNotFoundException($"A grain instance of '{value.GetType().FullName}' was passed as '{typeof(T).Name}'; pass a grain reference (GrainFactory.GetGrain or this.AsReference) instead.");
        writer.WriteBool(true);
        writer.WriteInt32(reference.Interface.Id);
        writer.WriteString(reference.Key);
    }

    public override T Read(FrameReader reader)
    {
        if (!reader.ReadBool()) return null!;
        int id = reader.ReadInt32();
        string key = reader.ReadString() ?? throw new InvalidDataException("Grain reference without a key.");
        // The reference may be of a derived interface this process has not registered: fall back to the declared one.
        var info = GrainInterfaceCatalog.TryGet(id, out var known) ? known : GrainInterfaceCatalog.Get(typeof(T));
        var caller = reader.Caller ?? throw new InvalidOperationException("Grain references cannot be read here: no runtime to bind them to.");
        return (T)(object)info.CreateReference(key, caller);
    }
}
