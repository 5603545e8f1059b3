namespace LstmActors.Runtime.Serialization;

/// <summary>Writes and reads values of one declared type; built once per type by <see cref="CodecProvider"/>.</summary>
internal abstract class Codec
{
    public abstract Type Type { get; }

    public abstract void WriteObject(FrameWriter writer, object? value);

    public abstract object? ReadObject(FrameReader reader);
}

/// <summary>Typed codec: values of <typeparamref name="T"/> are written without boxing.</summary>
internal abstract class Codec<T> : Codec
{
    public override Type Type => typeof(T);

    public abstract void Write(FrameWriter writer, T value);

    public abstract T Read(FrameReader reader);

    public override void WriteObject(FrameWriter writer, object? value) => Write(writer, (T)value!);

    public override object? ReadObject(FrameReader reader) => Read(reader);
}
