using System.Runtime.CompilerServices;

namespace LstmActors.Runtime.Serialization;

// Fixed codecs for the built-in scalar types. Integers use variable-length encoding (compact for small values).

internal sealed class BoolCodec : Codec<bool>
{
    public override void Write(FrameWriter writer, bool value) => writer.WriteBool(value);
    public override bool Read(FrameReader reader) => reader.ReadBool();
}

internal sealed class ByteCodec : Codec<byte>
{
    public override void Write(FrameWriter writer, byte value) => writer.WriteByte(value);
    public override byte Read(FrameReader reader) => reader.ReadByte();
}

internal sealed class SByteCodec : Codec<sbyte>
{
    public override void Write(FrameWriter writer, sbyte value) => writer.WriteByte((byte)value);
    public override sbyte Read(FrameReader reader) => (sbyte)reader.ReadByte();
}

internal sealed class Int16Codec : Codec<short>
{
    public override void Write(FrameWriter writer, short value) => writer.WriteVarInt64(value);
    public override short Read(FrameReader reader) => checked((short)reader.ReadVarInt64());
}

internal sealed class UInt16Codec : Codec<ushort>
{
    public override void Write(FrameWriter writer, ushort value) => writer.WriteVarUInt64(value);
    public override ushort Read(FrameReader reader) => checked((ushort)reader.ReadVarUInt64());
}

internal sealed class CharCodec : Codec<char>
{
    public override void Write(FrameWriter writer, char value) => writer.WriteVarUInt64(value);
    public override char Read(FrameReader reader) => checked((char)reader.ReadVarUInt64());
}

internal sealed class Int32Codec : Codec<int>
{
    public override void Write(FrameWriter writer, int value) => writer.WriteVarInt64(value);
    public override int Read(FrameReader reader) => checked((int)reader.ReadVarInt64());
}

internal sealed class UInt32Codec : Codec<uint>
{
    public override void Write(FrameWriter writer, uint value) => writer.WriteVarUInt64(value);
    public override uint Read(FrameReader reader) => checked((uint)reader.ReadVarUInt64());
}

internal sealed class Int64Codec : Codec<long>
{
    public override void Write(FrameWriter writer, long value) => writer.WriteVarInt64(value);
    public override long Read(FrameReader reader) => reader.ReadVarInt64();
}

internal sealed class UInt64Codec : Codec<ulong>
{
    public override void Write(FrameWriter writer, ulong value) => writer.WriteVarUInt64(value);
    public override ulong Read(FrameReader reader) => reader.ReadVarUInt64();
}

internal sealed class SingleCodec : Codec<float>
{
    public override void Write(FrameWriter writer, float value) => writer.WriteSingle(value);
    public override float Read(FrameReader reader) => reader.ReadSingle();
}

internal sealed class DoubleCodec : Codec<double>
{
    public override void Write(FrameWriter writer, double value) => writer.WriteDouble(value);
    public override double Read(FrameReader reader) => reader.ReadDouble();
}

internal sealed class DecimalCodec : Codec<decimal>
{
    public override void Write(FrameWriter writer, decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        foreach (int part in bits) writer.WriteInt32(part);
    }

    public override decimal Read(FrameReader reader)
    {
        Span<int> bits = [reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32()];
        return new decimal(bits);
    }
}

internal sealed class StringCodec : Codec<string>
{
    public override void Write(FrameWriter writer, string value) => writer.WriteString(value);
    public override string Read(FrameReader reader) => reader.ReadString()!;
}

internal sealed class GuidCodec : Codec<Guid>
{
    public override void Write(FrameWriter writer, Guid value)
    {
        Span<byte> bytes = stackalloc byte[16];
        value.TryWriteBytes(bytes);
        writer.WriteBytes(bytes);
    }

    public override Guid Read(FrameReader reader)
    {
        Span<byte> bytes = stackalloc byte[16];
        reader.ReadUnmanaged(bytes);
        return new Guid(bytes);
    }
}

internal sealed class TimeSpanCodec : Codec<TimeSpan>
{
    public override void Write(FrameWriter writer, TimeSpan value) => writer.WriteVarInt64(value.Ticks);
    public override TimeSpan Read(FrameReader reader) => new(reader.ReadVarInt64());
}

internal sealed class DateTimeCodec : Codec<DateTime>
{
    public override void Write(FrameWriter writer, DateTime value) => writer.WriteInt64(value.ToBinary());
    public override DateTime Read(FrameReader reader) => DateTime.FromBinary(reader.ReadInt64());
}

internal sealed class DateTimeOffsetCodec : Codec<DateTimeOffset>
{
    public override void Write(FrameWriter writer, DateTimeOffset value)
    {
        writer.WriteInt64(value.Ticks);
        writer.WriteVarInt64(value.Offset.Ticks);
    }

    public override DateTimeOffset Read(FrameReader reader)
    {
        long ticks = reader.ReadInt64();
        return new DateTimeOffset(ticks, new TimeSpan(reader.ReadVarInt64()));
    }
}

/// <summary>Enums travel as their underlying integer value.</summary>
internal sealed class EnumCodec<T> : Codec<T> where T : struct, Enum
{
    public override void Write(FrameWriter writer, T value)
    {
        long raw = Unsafe.SizeOf<T>() switch
        {
            1 => Unsafe.As<T, sbyte>(ref value),
            2 => Unsafe.As<T, short>(ref value),
            4 => Unsafe.As<T, int>(ref value),
            _ => Unsafe.As<T, long>(ref value),
        };
        writer.WriteVarInt64(raw);
    }

    public override T Read(FrameReader reader)
    {
        long raw = reader.ReadVarInt64();
        T value = default;
        switch (Unsafe.SizeOf<T>())
        {
            case 1: Unsafe.As<T, sbyte>(ref value) = (sbyte)raw; break;
            case 2: Unsafe.As<T, short>(ref value) = (short)raw; break;
            case 4: Unsafe.As<T, int>(ref value) = (int)raw; break;
            default: Unsafe.As<T, long>(ref value) = raw; break;
        }
        return value;
    }
}
