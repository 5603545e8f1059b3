using System.Runtime.InteropServices;

namespace LstmActors.Runtime.Serialization;

/// <summary>Nullable value types: a presence byte, then the value.</summary>
internal sealed class NullableCodec<T>(Codec<T> inner) : Codec<T?> where T : struct
{
    public override void Write(FrameWriter writer, T? value)
    {
        writer.WriteBool(value.HasValue);
        if (value.HasValue) inner.Write(writer, value.Value);
    }

    public override T? Read(FrameReader reader) => reader.ReadBool() ? inner.Read(reader) : null;
}

/// <summary>Arrays of unmanaged primitives (float[], double[], int[], byte[] ...): one bulk copy of the raw bytes.</summary>
internal sealed class UnmanagedArrayCodec<T> : Codec<T[]> where T : unmanaged
{
    public override void Write(FrameWriter writer, T[] value)
    {
        writer.WriteNullableLength(value?.Length);
        if (value is not null) writer.WriteUnmanaged<T>(value);
    }

    public override T[] Read(FrameReader reader)
    {
        int? length = reader.ReadNullableLength(Marshal.SizeOf<T>(), typeof(T).Name + "[]");
        if (length is null) return null!;
        var array = GC.AllocateUninitializedArray<T>(length.Value);
        reader.ReadUnmanaged<T>(array);
        return array;
    }
}

/// <summary>Arrays of any other supported element type.</summary>
internal sealed class ArrayCodec<T>(Codec<T> element) : Codec<T[]>
{
    public override void Write(FrameWriter writer, T[] value)
    {
        writer.WriteNullableLength(value?.Length);
        if (value is null) return;
        foreach (var item in value) element.Write(writer, item);
    }

    public override T[] Read(FrameReader reader)
    {
        int? length = reader.ReadNullableLength(1, typeof(T).Name + "[]");
        if (length is null) return null!;
        var array = new T[length.Value];
        for (int i = 0; i < array.Length; i++) array[i] = element.Read(reader);
        return array;
    }
}

/// <summary>List&lt;T&gt; and the list/collection interfaces it implements; read back as a List&lt;T&gt;.</summary>
internal sealed class ListCodec<TList, T>(Codec<T> element) : Codec<TList> where TList : class, IEnumerable<T>
{
    public override void Write(FrameWriter writer, TList value)
    {
        if (value is null)
        {
            writer.WriteNullableLength(null);
            return;
        }
        if (value is List<T> list)
        {
            writer.WriteNullableLength(list.Count);
            foreach (var item in CollectionsMarshal.AsSpan(list)) element.Write(writer, item);
            return;
        }
        var items = value as IReadOnlyCollection<T> ?? value.ToList();
        writer.WriteNullableLength(items.Count);
        foreach (var item in items) element.Write(writer, item);
    }

    public override TList Read(FrameReader reader)
    {
        int? count = reader.ReadNullableLength(1, typeof(TList).Name);
        if (count is null) return null!;
        var list = new List<T>(count.Value);
        for (int i = 0; i < count.Value; i++) list.Add(element.Read(reader));
        return (TList)(object)list;
    }
}

/// <summary>Dictionary&lt;K,V&gt; and the dictionary interfaces it implements; read back as a Dictionary&lt;K,V&gt; (default comparer).</summary>
internal sealed class DictionaryCodec<TDictionary, TKey, TValue>(Codec<TKey> key, Codec<TValue> value) : Codec<TDictionary>
    where TDictionary : class, IEnumerable<KeyValuePair<TKey, TValue>>
    where TKey : notnull
{
    public override void Write(FrameWriter writer, TDictionary dictionary)
    {
        if (dictionary is null)
        {
            writer.WriteNullableLength(null);
            return;
        }
        var items = dictionary as IReadOnlyCollection<KeyValuePair<TKey, TValue>> ?? dictionary.ToList();
        writer.WriteNullableLength(items.Count);
        foreach (var pair in items)
        {
            key.Write(writer, pair.Key);
            value.Write(writer, pair.Value);
        }
    }

    public override TDictionary Read(FrameReader reader)
    {
        int? count = reader.ReadNullableLength(2, typeof(TDictionary).Name);
        if (count is null) return null!;
        var dictionary = new Dictionary<TKey, TValue>(count.Value);
        for (int i = 0; i < count.Value; i++)
        {
            var k = key.Read(reader);
            dictionary[k] = value.Read(reader);
        }
        return (TDictionary)(object)dictionary;
    }
}
