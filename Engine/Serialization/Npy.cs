using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace LstmActors.Engine.Serialization;

/// <summary>
/// Reads and writes NumPy's .npy format (versions 1–3): little-endian float32 ('&lt;f4') or float64 ('&lt;f8', read
/// as float32), C order. Other dtypes and Fortran order are refused with an error naming the array.
/// </summary>
public static partial class Npy
{
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads one array; <paramref name="name"/> is used in error messages and kept on the result.</summary>
    public static NpyArray Read(Stream stream, string name)
    {
        var prefix = new byte[8];
        ReadExactly(stream, prefix, name, "the header");
        if (!prefix.AsSpan(0, 6).SequenceEqual(Magic))
            throw new InvalidDataException($"Array '{name}' is not a .npy file (magic bytes missing).");
        int major = prefix[6];
        int headerLength;
        if (major == 1)
        {
            var len = new byte[2];
            ReadExactly(stream, len, name, "the header length");
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(len);
        }
        else if (major is 2 or 3)
        {
            var len = new byte[4];
            ReadExactly(stream, len, name, "the header length");
            headerLength = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(len));
        }
        else
        {
            throw new InvalidDataException($"Array '{name}' has .npy format version {major}.{prefix[7]}; supported: 1.x, 2.x, 3.x.");
        }
        var headerBytes = new byte[headerLength];
        ReadExactly(stream, headerBytes, name, "the header");
        string header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(headerBytes);

        string descr = Field(header, DescrPattern(), name, "descr");
        string fortran = Field(header, FortranPattern(), name, "fortran_order");
        string shapeText = Field(header, ShapePattern(), name, "shape");
        if (fortran == "True")
            throw new InvalidDataException($"Array '{name}' is stored in Fortran order; save it in C order (np.ascontiguousarray).");
        int elementSize = descr switch
        {
            "<f4" => 4,
            "<f8" => 8,
            _ => throw new InvalidDataException($"Array '{name}' has dtype '{descr}'; supported: '<f4' (float32) and '<f8' (float64)."),
        };
        int[] shape = shapeText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        long count = shape.Aggregate(1L, (a, b) => a * b);
        var raw = new byte[checked(count * elementSize)];
        ReadExactly(stream, raw, name, $"the data ({count} values of {descr})");
        var data = new float[count];
        for (long i = 0; i < count; i++)
        {
            data[i] = elementSize == 4
                ? BinaryPrimitives.ReadSingleLittleEndian(raw.AsSpan((int)(i * 4), 4))
                : (float)BinaryPrimitives.ReadDoubleLittleEndian(raw.AsSpan((int)(i * 8), 8));
        }
        return new NpyArray(name, shape, data);
    }

    /// <summary>Writes one float32 C-order array as .npy version 1.0, header padded to 64 bytes as NumPy does.</summary>
    public static void Write(Stream stream, int[] shape, ReadOnlySpan<float> data)
    {
        string shapeText = shape.Length == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";
        string dict = $"{{'descr': '<f4', 'fortran_order': False, 'shape': {shapeText}, }}";
        int total = 10 + dict.Length + 1;
        int padded = (total + 63) / 64 * 64;
        string header = dict + new string(' ', padded - total) + "\n";
        stream.Write(Magic);
        stream.Write([1, 0]);
        Span<byte> len = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(len, checked((ushort)header.Length));
        stream.Write(len);
        stream.Write(Encoding.ASCII.GetBytes(header));
        var bytes = new byte[data.Length * 4];
        for (int i = 0; i < data.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), data[i]);
        stream.Write(bytes);
    }

    private static string Field(string header, Regex pattern, string name, string field)
    {
        var match = pattern.Match(header);
        if (!match.Success)
            throw new InvalidDataException($"Array '{name}' has a .npy header without '{field}': {header.Trim()}");
        return match.Groups[1].Value;
    }

    private static void ReadExactly(Stream stream, byte[] buffer, string name, string what)
    {
        try
        {
            stream.ReadExactly(buffer);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"Array '{name}' ends inside {what}.");
        }
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
