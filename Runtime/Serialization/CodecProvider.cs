using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using LstmActors.Runtime.Invocation;

namespace LstmActors.Runtime.Serialization;

/// <summary>Builds and caches one codec per declared type (process-wide); unsupported types fail here, by name.</summary>
internal sealed class CodecProvider
{
    public static CodecProvider Shared { get; } = new();

    private readonly ConcurrentDictionary<Type, Codec> _codecs = new();
    private readonly Lock _buildLock = new();
    private readonly Dictionary<Type, Codec> _building = [];
    private int _depth;

    private CodecProvider()
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("The wire format writes raw little-endian arrays; this machine is big-endian.");
        Add(new BoolCodec()); Add(new ByteCodec()); Add(new SByteCodec()); Add(new Int16Codec()); Add(new UInt16Codec());
        Add(new CharCodec()); Add(new Int32Codec()); Add(new UInt32Codec()); Add(new Int64Codec()); Add(new UInt64Codec());
        Add(new SingleCodec()); Add(new DoubleCodec()); Add(new DecimalCodec()); Add(new StringCodec()); Add(new GuidCodec());
        Add(new TimeSpanCodec()); Add(new DateTimeCodec()); Add(new DateTimeOffsetCodec()); Add(new ExceptionCodec());
    }

    private void Add(Codec codec) => _codecs[codec.Type] = codec;

    public Codec<T> Get<T>() => (Codec<T>)Get(typeof(T));

    /// <summary>The codec for <paramref name="type"/>; throws <see cref="CodecNotFoundException"/> naming the type if it is unsupported.</summary>
    public Codec Get(Type type)
    {
        if (_codecs.TryGetValue(type, out var codec)) return codec;
        lock (_buildLock)
        {
            if (_codecs.TryGetValue(type, out codec) || _building.TryGetValue(type, out codec)) return codec;
            _depth++;
            try
            {
                codec = Build(type);
                if (_depth == 1)
                {
                    // Publish only complete codecs: self-referencing types are registered before they finish.
                    foreach (var (t, c) in _building) _codecs[t] = c;
                    _building.Clear();
                }
                return codec;
            }
            catch
            {
                _building.Clear();
                throw;
            }
            finally
            {
                _depth--;
            }
        }
    }

    private Codec Build(Type type)
    {
        Codec codec;
        if (type.IsEnum)
            codec = Create(typeof(EnumCodec<>).MakeGenericType(type));
        else if (Nullable.GetUnderlyingType(type) is { } underlying)
            codec = Create(typeof(NullableCodec<>).MakeGenericType(underlying), Get(underlying));
        else if (type.IsArray)
        {
            var element = type.GetElementType()!;
            if (type.GetArrayRank() != 1)
                throw Unsupported(type, "only one-dimensional arrays are supported");
            codec = element.IsPrimitive
                ? Create(typeof(UnmanagedArrayCodec<>).MakeGenericType(element))
                : Create(typeof(ArrayCodec<>).MakeGenericType(element), Get(element));
        }
        else if (ListElement(type) is { } item)
            codec = Create(typeof(ListCodec<,>).MakeGenericType(type, item), Get(item));
        else if (DictionaryTypes(type) is { } pair)
            codec = Create(typeof(DictionaryCodec<,,>).MakeGenericType(type, pair.Key, pair.Value), Get(pair.Key), Get(pair.Value));
        else if (type.IsInterface && typeof(IGrainWithStringKey).IsAssignableFrom(type))
            codec = Create(typeof(GrainReferenceCodec<>).MakeGenericType(type));
        else
        {
            Reject(type);
            codec = Create(typeof(ObjectCodec<>).MakeGenericType(type));
            _building[type] = codec;
            ((IMemberwiseCodec)codec).Initialize(this);
            return codec;
        }
        _building[type] = codec;
        return codec;
    }

    private static void Reject(Type type)
    {
        if (type == typeof(object)) throw Unsupported(type, "declare a concrete type instead of object");
        if (type.IsInterface) throw Unsupported(type, "interfaces other than grain interfaces and List/Dictionary interfaces are not serializable");
        if (type.IsAbstract) throw Unsupported(type, "abstract types are not serializable");
        if (type.IsPointer || type.IsByRef || type.IsByRefLike) throw Unsupported(type, "pointers, by-ref and ref struct types are not serializable");
        if (typeof(Delegate).IsAssignableFrom(type)) throw Unsupported(type, "delegates are not serializable");
        if (typeof(Task).IsAssignableFrom(type) || type.IsGenericType && type.GetGenericTypeDefinition() is var d && (d == typeof(ValueTask<>)))
            throw Unsupported(type, "tasks are not serializable");
        if (typeof(Exception).IsAssignableFrom(type)) throw Unsupported(type, "declare exceptions as System.Exception");
        if (type.IsGenericTypeDefinition || type.ContainsGenericParameters) throw Unsupported(type, "open generic types are not serializable");
        if (type.IsPrimitive || type == typeof(IntPtr) || type == typeof(UIntPtr)) throw Unsupported(type, "native-sized integers are not serializable");
        if (type.IsAssignableTo(typeof(System.Collections.IEnumerable)))
            throw Unsupported(type, "only arrays, List<T> (and IList/IReadOnlyList/IEnumerable<T>) and Dictionary<K,V> (and its interfaces) are serializable collections");
        if (type.IsDefined(typeof(CompilerGeneratedAttribute), false) && type.Name.Contains("AnonymousType"))
            throw Unsupported(type, "anonymous types are not serializable");
    }

    private static Type? ListElement(Type type)
    {
        if (!type.IsGenericType) return null;
        var definition = type.GetGenericTypeDefinition();
        return definition == typeof(List<>) || definition == typeof(IList<>) || definition == typeof(IReadOnlyList<>)
            || definition == typeof(ICollection<>) || definition == typeof(IReadOnlyCollection<>) || definition == typeof(IEnumerable<>)
            ? type.GetGenericArguments()[0]
            : null;
    }

    private static KeyValuePair<Type, Type>? DictionaryTypes(Type type)
    {
        if (!type.IsGenericType) return null;
        var definition = type.GetGenericTypeDefinition();
        if (definition != typeof(Dictionary<,>) && definition != typeof(IDictionary<,>) && definition != typeof(IReadOnlyDictionary<,>)) return null;
        var args = type.GetGenericArguments();
        return new(args[0], args[1]);
    }

    private static Codec Create(Type codecType, params object[] arguments) => (Codec)Activator.CreateInstance(codecType, arguments)!;

    private static CodecNotFoundException Unsupported(Type type, string why) => new($"Type '{type.FullName ?? type.Name}' cannot be serialized: {why}.");
}
