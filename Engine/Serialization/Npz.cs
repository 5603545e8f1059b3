using System.IO.Compression;

namespace LstmActors.Engine.Serialization;

/// <summary>NumPy .npz archives: a zip (stored or deflated) of .npy entries, one per array name.</summary>
public static class Npz
{
    /// <summary>Reads every array of the archive at <paramref name="path"/>, keyed by name without ".npy".</summary>
    public static IReadOnlyDictionary<string, NpyArray> Read(string path)
    {
        using var file = File.OpenRead(path);
        return Read(file, path);
    }

    /// <summary>Reads every .npy entry of an archive stream; <paramref name="source"/> names it in errors.</summary>
    public static IReadOnlyDictionary<string, NpyArray> Read(Stream stream, string source)
    {
        using var zip = Open(stream, source, "a .npz");
        return ReadArrays(zip);
    }

    /// <summary>Opens a zip archive for reading (stream left open), failing with a message naming <paramref name="source"/> and what it should be.</summary>
    internal static ZipArchive Open(Stream stream, string source, string expected)
    {
        try
        {
            return new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{source} is not {expected} (zip archive): {e.Message}", e);
        }
    }

    /// <summary>Every .npy entry of <paramref name="zip"/>, keyed by name without ".npy".</summary>
    internal static Dictionary<string, NpyArray> ReadArrays(ZipArchive zip)
    {
        var arrays = new Dictionary<string, NpyArray>(StringComparer.Ordinal);
        foreach (var entry in zip.Entries)
        {
            if (!entry.FullName.EndsWith(".npy", StringComparison.Ordinal)) continue;
            string name = entry.FullName[..^4];
            using var entryStream = entry.Open();
            arrays[name] = Npy.Read(entryStream, name);
        }
        return arrays;
    }

    /// <summary>Writes <paramref name="arrays"/> as a deflated .npz archive into <paramref name="zip"/>.</summary>
    public static void Write(ZipArchive zip, IEnumerable<NpyArray> arrays)
    {
        foreach (var array in arrays)
        {
            var entry = zip.CreateEntry(array.Name + ".npy", CompressionLevel.Optimal);
            using var entryStream = entry.Open();
            Npy.Write(entryStream, array.Shape, array.Data);
        }
    }

    /// <summary>Writes <paramref name="arrays"/> as a .npz file at <paramref name="path"/>.</summary>
    public static void Write(string path, IEnumerable<NpyArray> arrays)
    {
        using var file = File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        Write(zip, arrays);
    }
}
