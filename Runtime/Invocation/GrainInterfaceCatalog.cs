using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Emit;

namespace LstmActors.Runtime.Invocation;

/// <summary>
/// Process-wide registry of grain interfaces. Registering validates every method (return type, serializable
/// parameters and result), assigns method indexes and emits the proxy type once; calls then use no reflection.
/// </summary>
internal static class GrainInterfaceCatalog
{
    private static readonly ConcurrentDictionary<Type, GrainInterfaceInfo> ByType = new();
    private static readonly ConcurrentDictionary<int, GrainInterfaceInfo> ById = new();
    private static readonly Lock RegisterLock = new();
    private static readonly ModuleBuilder Module = AssemblyBuilder
        .DefineDynamicAssembly(new AssemblyName("LstmActors.GrainProxies"), AssemblyBuilderAccess.Run)
        .DefineDynamicModule("LstmActors.GrainProxies");

    public static bool TryGet(int id, out GrainInterfaceInfo info) => ById.TryGetValue(id, out info!);

    public static GrainInterfaceInfo Get(Type type)
    {
        if (ByType.TryGetValue(type, out var info)) return info;
        lock (RegisterLock)
        {
            if (ByType.TryGetValue(type, out info)) return info;
            info = Build(type);
            if (ById.TryGetValue(info.Id, out var clash))
                throw new InvalidOperationException($"Grain interfaces '{type.FullName}' and '{clash.Type.FullName}' hash to the same interface id {info.Id}; rename one.");
            ById[info.Id] = info;
            ByType[type] = info;
            return info;
        }
    }

    /// <summary>Every grain interface <paramref name="type"/> and its bases declare, in a stable order.</summary>
    public static IEnumerable<Type> GrainInterfacesOf(Type type) => type.GetInterfaces()
        .Where(i => typeof(IGrainWithStringKey).IsAssignableFrom(i) && i != typeof(IGrainWithStringKey))
        .OrderBy(i => i.FullName, StringComparer.Ordinal);

    private static GrainInterfaceInfo Build(Type type)
    {
        if (!type.IsInterface || !typeof(IGrainWithStringKey).IsAssignableFrom(type))
            throw new ArgumentException($"'{type.FullName}' is not a grain interface: grain interfaces are interfaces that extend IGrainWithStringKey.");
        if (!type.IsVisible)
            throw new ArgumentException($"Grain interface '{type.FullName}' must be public (its proxy is emitted in another assembly).");
        if (type.IsGenericTypeDefinition)
            throw new ArgumentException($"Grain interface '{type.FullName}' is an open generic type.");
        var declaring = new[] { type }.Concat(type.GetInterfaces()).Where(i => i != typeof(IGrainWithStringKey) && i != typeof(IGrain) && i != typeof(IAddressable));
        var methodInfos = new List<MethodInfo>();
        foreach (var i in declaring)
        {
            if (i.GetProperties().Length > 0 || i.GetEvents().Length > 0)
                throw new ArgumentException($"Grain interface '{i.FullName}' declares properties or events; grain interfaces have methods only.");
            methodInfos.AddRange(i.GetMethods());
        }
        var ordered = methodInfos
            .OrderBy(m => m.DeclaringType!.FullName, StringComparer.Ordinal)
            .ThenBy(m => m.Name, StringComparer.Ordinal)
            .ThenBy(m => string.Join(",", m.GetParameters().Select(p => p.ParameterType.FullName)), StringComparer.Ordinal)
            .ToArray();
        var methods = ordered.Select((m, index) => new GrainMethod(index, m)).ToArray();
        var proxyType = EmitProxy(type, ordered);
        var create = System.Linq.Expressions.Expression.Lambda<Func<GrainReference>>(System.Linq.Expressions.Expression.New(proxyType)).Compile();
        return new GrainInterfaceInfo(type, StableHash.Hash32(type.FullName!), methods, create);
    }

    private static Type EmitProxy(Type type, MethodInfo[] methods)
    {
        var interfaces = new[] { type }.Concat(type.GetInterfaces()).ToArray();
        var builder = Module.DefineType($"LstmActors.GrainProxies.{type.FullName}Proxy", TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class, typeof(GrainReference), interfaces);
        builder.DefineDefaultConstructor(MethodAttributes.Public);
        const BindingFlags Protected = BindingFlags.Instance | BindingFlags.NonPublic;
        var invokeTask = typeof(GrainReference).GetMethod("InvokeTask", 0, Protected, [typeof(int), typeof(object?[])])!;
        var invokeTaskOf = typeof(GrainReference).GetMethod("InvokeTask", 1, Protected, [typeof(int), typeof(object?[])])!;
        var invokeValueTask = typeof(GrainReference).GetMethod("InvokeValueTask", 0, Protected, [typeof(int), typeof(object?[])])!;
        var invokeValueTaskOf = typeof(GrainReference).GetMethod("InvokeValueTask", 1, Protected, [typeof(int), typeof(object?[])])!;
        var emptyArguments = typeof(Array).GetMethod(nameof(Array.Empty))!.MakeGenericMethod(typeof(object));
        for (int index = 0; index < methods.Length; index++)
        {
            var method = methods[index];
            var parameters = method.GetParameters();
            var implementation = builder.DefineMethod(
                $"{method.DeclaringType!.FullName}.{method.Name}",
                MethodAttributes.Private | MethodAttributes.Virtual | MethodAttributes.Final | MethodAttributes.HideBySig | MethodAttributes.NewSlot,
                method.ReturnType,
                parameters.Select(p => p.ParameterType).ToArray());
            var il = implementation.GetILGenerator();
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldc_I4, index);
            if (parameters.Length == 0) il.Emit(OpCodes.Call, emptyArguments);
            else
            {
                il.Emit(OpCodes.Ldc_I4, parameters.Length);
                il.Emit(OpCodes.Newarr, typeof(object));
                for (int p = 0; p < parameters.Length; p++)
                {
                    il.Emit(OpCodes.Dup);
                    il.Emit(OpCodes.Ldc_I4, p);
                    il.Emit(OpCodes.Ldarg, p + 1);
                    if (parameters[p].ParameterType.IsValueType) il.Emit(OpCodes.Box, parameters[p].ParameterType);
                    il.Emit(OpCodes.Stelem_Ref);
                }
            }
            var returnType = method.ReturnType;
            var invoke = returnType == typeof(Task) ? invokeTask
                : returnType == typeof(ValueTask) ? invokeValueTask
                : returnType.GetGenericTypeDefinition() == typeof(Task<>) ? invokeTaskOf.MakeGenericMethod(returnType.GetGenericArguments())
                : invokeValueTaskOf.MakeGenericMethod(returnType.GetGenericArguments());
            il.Emit(OpCodes.Call, invoke);
            il.Emit(OpCodes.Ret);
            builder.DefineMethodOverride(implementation, method);
        }
        return builder.CreateType();
    }
}

/// <summary>Per-interface cache so GetGrain&lt;T&gt; skips the dictionary after the first call.</summary>
internal static class GrainInterfaceCatalog<T> where T : IGrainWithStringKey
{
    public static readonly GrainInterfaceInfo Info = GrainInterfaceCatalog.Get(typeof(T));
}
