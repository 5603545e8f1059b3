using System.Linq.Expressions;
using System.Reflection;

namespace LstmActors.Runtime.Serialization;

/// <summary>
/// Records, classes and structs with public properties: the properties are written in declaration order and read
/// back through the constructor whose parameters match them (records) or through setters. Compiled once per type.
/// </summary>
internal sealed class ObjectCodec<T> : Codec<T>, IMemberwiseCodec
{
    private Action<FrameWriter, T> _write = null!;
    private Func<FrameReader, T> _read = null!;
    private static readonly bool IsNullable = !typeof(T).IsValueType;
    private static readonly bool CheckExactType = !typeof(T).IsValueType && !typeof(T).IsSealed;

    /// <summary>Compiles the member codecs; separate from construction so self-referencing types resolve.</summary>
    public void Initialize(CodecProvider provider)
    {
        var type = typeof(T);
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.GetMethod!.IsPublic)
            .OrderBy(p => p.MetadataToken)
            .ToArray();
        var constructor = type.GetConstructors()
            .Where(c => c.GetParameters().All(par => properties.Any(p => Matches(p, par))))
            .OrderByDescending(c => c.GetParameters().Length)
            .FirstOrDefault();
        if (constructor is null && !type.IsValueType)
            throw new CodecNotFoundException($"Type '{type.FullName}' cannot be serialized: it needs a public constructor whose parameters match its public properties (a record), or a public parameterless constructor.");
        var constructorParameters = constructor?.GetParameters() ?? [];
        foreach (var property in properties)
        {
            bool viaConstructor = constructorParameters.Any(par => Matches(property, par));
            if (!viaConstructor && (property.SetMethod is null || !property.SetMethod.IsPublic))
                throw new CodecNotFoundException($"Type '{type.FullName}' cannot be serialized: property '{property.Name}' has no public setter and no matching constructor parameter.");
        }

        var writer = Expression.Parameter(typeof(FrameWriter), "writer");
        var value = Expression.Parameter(type, "value");
        var writes = properties.Select(p => (Expression)Expression.Call(
            Expression.Constant(provider.Get(p.PropertyType)), CodecWrite(p.PropertyType), writer, Expression.Property(value, p))).ToList();
        writes.Add(Expression.Empty());
        _write = Expression.Lambda<Action<FrameWriter, T>>(Expression.Block(writes), writer, value).Compile();

        var reader = Expression.Parameter(typeof(FrameReader), "reader");
        var locals = properties.Select(p => Expression.Variable(p.PropertyType, p.Name)).ToArray();
        var body = new List<Expression>();
        for (int i = 0; i < properties.Length; i++)
            body.Add(Expression.Assign(locals[i], Expression.Call(Expression.Constant(provider.Get(properties[i].PropertyType)), CodecRead(properties[i].PropertyType), reader)));
        NewExpression creation = constructor is null
            ? Expression.New(type)
            : Expression.New(constructor, constructorParameters.Select(par => (Expression)locals[Array.FindIndex(properties, p => Matches(p, par))]));
        var setters = properties.Select((p, i) => (p, i))
            .Where(x => !constructorParameters.Any(par => Matches(x.p, par)))
            .Select(x => (MemberBinding)Expression.Bind(x.p, locals[x.i]));
        body.Add(Expression.MemberInit(creation, setters));
        _read = Expression.Lambda<Func<FrameReader, T>>(Expression.Block(type, locals, body), reader).Compile();
    }

    private static bool Matches(PropertyInfo property, ParameterInfo parameter)
        => string.Equals(property.Name, parameter.Name, StringComparison.OrdinalIgnoreCase) && property.PropertyType == parameter.ParameterType;

    private static MethodInfo CodecWrite(Type type) => typeof(Codec<>).MakeGenericType(type).GetMethod(nameof(Codec<int>.Write))!;

    private static MethodInfo CodecRead(Type type) => typeof(Codec<>).MakeGenericType(type).GetMethod(nameof(Codec<int>.Read))!;

    public override void Write(FrameWriter writer, T value)
    {
        if (IsNullable)
        {
            writer.WriteBool(value is not null);
            if (value is null) return;
            if (CheckExactType && value.GetType() != typeof(T))
                throw new CodecNotFoundException($"Value of type '{value.GetType().FullName}' was passed where '{typeof(T).FullName}' is declared; derived types are not serialized (declare the exact type).");
        }
        _write(writer, value);
    }

    public override T Read(FrameReader reader)
    {
        if (IsNullable && !reader.ReadBool()) return default!;
        return _read(reader);
    }
}

/// <summary>A codec whose member codecs are compiled after it is registered (so self-referencing types resolve).</summary>
internal interface IMemberwiseCodec
{
    void Initialize(CodecProvider provider);
}
