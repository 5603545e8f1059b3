using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace LstmActors.Engine.Tests.Serialization;

/// <summary>
/// Writes .npz files the way numpy.savez does (written here from the NumPy format spec, independently of the
/// engine's writer): zip entries "name.npy", format 1.0, a Python-dict header padded with spaces to 64 bytes.
/// </summary>
internal sealed class NumPyFileWriter
{
    private readonly List<(string Name, byte[] Bytes)> _entries = [];

    public NumPyFileWriter Float32(string name, int[] shape, float[] data, bool fortranOrder = false)
    {
        var payload = new byte[data.Length * 4];
        for (int i = 0; i < data.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(payload.AsSpan(i * 4), data[i]);
        _entries.Add((name, Npy("<f4", shape, payload, fortranOrder)));
        return this;
    }

    public NumPyFileWriter Float64(string name, int[] shape, float[] data)
    {
        var payload = new byte[data.Length * 8];
        for (int i = 0; i < data.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(payload.AsSpan(i * 8), data[i]);
        _entries.Add((name, Npy("<f8", shape, payload, false)));
        return this;
    }

    public NumPyFileWriter Raw(string name, string descr, int[] shape, byte[] payload)
    {
        _entries.Add((name, Npy(descr, shape, payload, false)));
        return this;
    }

    /// <summary>Writes the archive; numpy.savez stores entries, savez_compressed deflates them.</summary>
    public void Save(string path, bool compressed)
    {
        using var file = File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        foreach (var (name, bytes) in _entries)
        {
            var entry = zip.CreateEntry(name + ".npy", compressed ? CompressionLevel.SmallestSize : CompressionLevel.NoCompression);
            using var stream = entry.Open();
            stream.Write(bytes);
        }
    }

    private static byte[] Npy(string descr, int[] shape, byte[] payload, bool fortranOrder)
    {
        string shapeText = shape.Length == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";
        string header = $"{{'descr': '{descr}', 'fortran_order': {(fortranOrder ? "True" : "False")}, 'shape': {shapeText}, }}";
        int unpadded = 6 + 2 + 2 + header.Length + 1;
        header += new string(' ', (64 - unpadded % 64) % 64) + "\n";
        var output = new MemoryStream();
        output.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        output.Write([(byte)(header.Length & 0xFF), (byte)(header.Length >> 8)]);
        output.Write(Encoding.ASCII.GetBytes(header));
        output.Write(payload);
        return output.ToArray();
    }
}
