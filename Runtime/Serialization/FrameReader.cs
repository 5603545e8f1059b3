using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using LstmActors.Runtime.Invocation;

namespace LstmActors.Runtime.Serialization;

/// <summary>Bounds-checked reader over one received frame; any read past the end throws <see cref="InvalidDataException"/>.</summary>
internal sealed class FrameReader
{
    private byte[] _buffer = [];
    private int _position;
    private int _end;

    /// <summary>Where grain references read from this frame send their calls.</summary>
    public IGrainCaller? Caller { get; set; }

    public int Remaining => _end - _position;

    public void Reset(byte[] buffer, int offset, int count)
    {
        _buffer = buffer;
        _position = offset;
        _end = offset + count;
    }

    private ReadOnlySpan<byte> Take(int count, string what)
    {
        if ((uint)count > (uint)(_end - _position))
            throw new InvalidDataException($"Frame truncated: reading {what} needs {count} bytes, {_end - _position} left.");
        var span = _buffer.AsSpan(_position, count);
        _position += count;
        return span;
    }

    public byte ReadByte() => Take(1, "a byte")[0];

    public bool ReadBool() => ReadByte() switch
    {
        0 => false,
        1 => true,
        var b => throw new InvalidDataException($"Invalid boolean byte {b}."),
    };

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4, "an Int32"));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8, "an Int64"));

    public float ReadSingle() => BinaryPrimitives.ReadSingleLittleEndian(Take(4, "a Single"));

    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8, "a Double"));

    public ulong ReadVarUInt64()
    {
        ulong result = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            byte b = ReadByte();
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
        }
        throw new InvalidDataException("Malformed variable-length integer (more than 10 bytes).");
    }

    public long ReadVarInt64()
    {
        ulong raw = ReadVarUInt64();
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    /// <summary>Reads a length written by <see cref="FrameWriter.WriteNullableLength"/>; checks it against the bytes left (each item takes at least <paramref name="minItemSize"/> bytes).</summary>
    public int? ReadNullableLength(int minItemSize, string what)
    {
        ulong raw = ReadVarUInt64();
        if (raw == 0) return null;
        ulong length = raw - 1;
        if (length > int.MaxValue || length * (ulong)minItemSize > (ulong)Remaining)
            throw new InvalidDataException($"Frame truncated or corrupt: {what} claims {length} items, only {Remaining} bytes left.");
        return (int)length;
    }

    public string? ReadString()
    {
        int? length = ReadNullableLength(1, "a string");
        return length is null ? null : Encoding.UTF8.GetString(Take(length.Value, "a string"));
    }

    public void ReadUnmanaged<T>(Span<T> destination) where T : unmanaged
        => Take(destination.Length * Marshal.SizeOf<T>(), typeof(T).Name + "[]").CopyTo(MemoryMarshal.AsBytes(destination));
}
