using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LstmActors.Grains.Persistence;

/// <summary>
/// Stores a float or double array in grain state as base64 of its little-endian bytes: exact, about 3× smaller than
/// JSON numbers and far cheaper to write, which matters because a series writes its state on every acknowledged call.
/// </summary>
public sealed class FloatsAsBase64<T> : JsonConverter<T[]> where T : unmanaged
{
    /// <inheritdoc />
    public override T[] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
            throw new JsonException($"Expected a base64 string for a {typeof(T).Name} array, got {reader.TokenType}.");
        var bytes = reader.GetBytesFromBase64();
        int size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        if (bytes.Length % size != 0)
            throw new JsonException($"A {typeof(T).Name} array needs a multiple of {size} bytes, got {bytes.Length}.");
        return MemoryMarshal.Cast<byte, T>(bytes).ToArray();
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, T[] value, JsonSerializerOptions options)
        => writer.WriteBase64StringValue(MemoryMarshal.AsBytes(value.AsSpan()));
}
