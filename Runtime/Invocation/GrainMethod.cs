using System.Reflection;
using LstmActors.Runtime.Serialization;

namespace LstmActors.Runtime.Invocation;

/// <summary>One method of a grain interface: its wire index, codecs and compiled invoker, all built at registration.</summary>
internal sealed class GrainMethod
{
    public GrainMethod(int index, MethodInfo method)
    {
        Index = index;
        Method = method;
        Name = $"{method.DeclaringType!.Name}.{method.Name}";
        var returnType = method.ReturnType;
        bool valid = returnType == typeof(Task) || returnType == typeof(ValueTask)
            || returnType.IsGenericType && (returnType.GetGenericTypeDefinition() == typeof(Task<>) || returnType.GetGenericTypeDefinition() == typeof(ValueTask<>));
        if (!valid)
            throw new ArgumentException($"Grain method {Name} returns '{returnType.Name}'; grain methods return Task, Task<T>, ValueTask or ValueTask<T>.");
        if (method.IsGenericMethodDefinition)
            throw new ArgumentException($"Grain method {Name} is generic; generic grain methods are not supported.");
        ResultType = returnType.IsGenericType ? returnType.GetGenericArguments()[0] : null;
        var parameters = method.GetParameters();
        ParameterCodecs = new Codec[parameters.Length];
        for (int i = 0; i < parameters.Length; i++)
        {
            var parameter = parameters[i];
            if (parameter.ParameterType.IsByRef)
                throw new ArgumentException($"Grain method {Name} parameter '{parameter.Name}' is by-ref; grain methods take values.");
            ParameterCodecs[i] = CodecFor(parameter.ParameterType, $"parameter '{parameter.Name}'");
        }
        ResultCodec = ResultType is null ? null : CodecFor(ResultType, "result");
        AlwaysInterleave = method.IsDefined(typeof(AlwaysInterleaveAttribute), false);
        Invoker = MethodInvoker.Create(method);
    }

    public int Index { get; }

    public MethodInfo Method { get; }

    /// <summary>"Interface.Method", for logs and errors.</summary>
    public string Name { get; }

    public Type? ResultType { get; }

    public Codec[] ParameterCodecs { get; }

    public Codec? ResultCodec { get; }

    public bool AlwaysInterleave { get; }

    public MethodInvoker Invoker { get; }

    private Codec CodecFor(Type type, string place)
    {
        try
        {
            return CodecProvider.Shared.Get(type);
        }
        catch (CodecNotFoundException e)
        {
            throw new CodecNotFoundException($"Grain method {Name}, {place}: {e.Message}");
        }
    }

    public void WriteArguments(FrameWriter writer, object?[] arguments)
    {
        for (int i = 0; i < ParameterCodecs.Length; i++) ParameterCodecs[i].WriteObject(writer, arguments[i]);
    }

    public object?[] ReadArguments(FrameReader reader)
    {
        if (ParameterCodecs.Length == 0) return [];
        var arguments = new object?[ParameterCodecs.Length];
        for (int i = 0; i < arguments.Length; i++) arguments[i] = ParameterCodecs[i].ReadObject(reader);
        return arguments;
    }
}
