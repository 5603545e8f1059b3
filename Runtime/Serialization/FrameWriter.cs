using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace LstmActors.Runtime.Serialization;

/// <summary>Growable little-endian binary buffer that frames and values are written into; reused by one writer loop.</summary>
internal sealed class FrameWriter(int initialCapacity = 64 * 1024)
{
    private byte[] _buffer = new byte[initialCapacity];
    private int _position;

    public int Position => _position;

    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, _position);

    /// <summary>Drops everything written after <paramref name="position"/> (a frame that failed half-way).</summary>
    public void Truncate(int position) => _position = position;

    /// <summary>Returns the buffer to its initial size after an unusually large batch.</summary>
    public void Shrink(int capacity)
    {
        if (_buffer.Length > capacity) _buffer = new byte[capacity];
        _position = 0;
    }

    private Span<byte> Take(int count)
    {
        if (_buffer.Length - _position < count)
        {
            var grown = new byte[Math.Max(_buffer.Length * 2, _position + count)];
            _buffer.AsSpan(0, _position).CopyTo(grown);
            _buffer = grown;
        }
        var span = _buffer.AsSpan(_position, count);
        _position += count;
        return span;
    }

    public void WriteByte(byte value) => Take(1)[0] = value;

    public void WriteBool(bool value) => WriteByte(value ? (byte)1 : (byte)0);

    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32LittleEndian(Take(4), value);

    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64LittleEndian(Take(8), value);

    public void WriteSingle(float value) => BinaryPrimitives.WriteSingleLittleEndian(Take(4), value);

    public void WriteDouble(double value) => BinaryPrimitives.WriteDoubleLittleEndian(Take(8), value);

    /// <summary>Writes an unsigned LEB128 variable-length integer.</summary>
    public void WriteVarUInt64(ulong value)
    {
        var span = Take(10);
        int i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[i++] = (byte)value;
        _position -= 10 - i;
    }

    /// <summary>Writes a zig-zag encoded signed variable-length integer.</summary>
    public void WriteVarInt64(long value) => WriteVarUInt64((ulong)((value << 1) ^ (value >> 63)));

    /// <summary>Writes a length (or count) with 0 meaning null, n+1 meaning n.</summary>
    public void WriteNullableLength(int? length) => WriteVarUInt64(length is null ? 0UL : (ulong)length.Value + 1);

    public void WriteString(string? value)
    {
        if (value is null)
        {
            WriteNullableLength(null);
            return;
        }
        int count = Encoding.UTF8.GetByteCount(value);
        WriteNullableLength(count);
        Encoding.UTF8.GetBytes(value, Take(count));
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Take(bytes.Length));

    /// <summary>Writes the raw bytes of an unmanaged array (the float[] fast path).</summary>
    public void WriteUnmanaged<T>(ReadOnlySpan<T> values) where T : unmanaged => WriteBytes(MemoryMarshal.AsBytes(values));

    /// <summary>Reserves four bytes to be patched later with <see cref="PatchInt32"/>.</summary>
    public int ReserveInt32()
    {
        int at = _position;
        Take(4);
        return at;
    }

    public void PatchInt32(int position, int value) => BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(position, 4), value);
}
