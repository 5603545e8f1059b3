using System.Linq.Expressions;
using System.Reflection;
using LstmActors.Runtime.Invocation;
using LstmActors.Runtime.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace LstmActors.Runtime.Activation;

/// <summary>A grain class known to a silo: its interfaces, scheduling attributes and a constructor compiled once.</summary>
internal sealed class GrainClassInfo
{
    private readonly Func<IServiceProvider, ActivationData, object?>[] _parameterSources;
    private readonly Func<object?[], Grain> _construct;

    public GrainClassInfo(Type classType, GrainStorageCatalog storages)
    {
        if (!typeof(Grain).IsAssignableFrom(classType) || classType.IsAbstract || classType.IsGenericTypeDefinition)
            throw new ArgumentException($"'{classType.FullName}' is not a grain class: grain classes are concrete, non-generic subclasses of Grain.");
        ClassType = classType;
        TypeName = classType.FullName!;
        Interfaces = GrainInterfaceCatalog.GrainInterfacesOf(classType).Select(GrainInterfaceCatalog.Get).ToArray();
        if (Interfaces.Length == 0)
            throw new ArgumentException($"Grain class '{classType.FullName}' implements no grain interface (an interface extending IGrainWithStringKey).");
        Reentrant = classType.IsDefined(typeof(ReentrantAttribute), true);
        PlacedOnKeySilo = classType.IsDefined(typeof(PlacedOnKeySiloAttribute), true);
        if (classType.GetCustomAttribute<StatelessWorkerAttribute>(true) is { } worker)
            MaxLocalWorkers = worker.MaxLocalWorkers > 0 ? worker.MaxLocalWorkers : Environment.ProcessorCount;

        var constructor = classType.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
            ?? throw new ArgumentException($"Grain class '{classType.FullName}' has no public constructor.");
        var parameters = constructor.GetParameters();
        _parameterSources = parameters.Select(p => ParameterSource(p, storages)).ToArray();
        var values = Expression.Parameter(typeof(object?[]), "values");
        _construct = Expression.Lambda<Func<object?[], Grain>>(
            Expression.New(constructor, parameters.Select((p, i) => Expression.Convert(Expression.ArrayIndex(values, Expression.Constant(i)), p.ParameterType))),
            values).Compile();
    }

    public Type ClassType { get; }

    /// <summary>The grain type part of grain ids: the class's full name.</summary>
    public string TypeName { get; }

    public GrainInterfaceInfo[] Interfaces { get; }

    public bool Reentrant { get; }

    /// <summary>Most local activations per silo for [StatelessWorker] classes; 0 for ordinary grains.</summary>
    public int MaxLocalWorkers { get; }

    public bool IsStatelessWorker => MaxLocalWorkers > 0;

    /// <summary>[PlacedOnKeySilo]: the grain key names the silo the activation lives on.</summary>
    public bool PlacedOnKeySilo { get; }

    private Func<IServiceProvider, ActivationData, object?> ParameterSource(ParameterInfo parameter, GrainStorageCatalog storages)
    {
        var type = parameter.ParameterType;
        if (parameter.GetCustomAttribute<PersistentStateAttribute>() is { } attribute)
        {
            if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(IPersistentState<>))
                throw new ArgumentException($"Grain class '{ClassType.FullName}': parameter '{parameter.Name}' has [PersistentState] but is of type '{type.Name}', expected IPersistentState<T>.");
            var storage = storages.Get(attribute.StorageName, $"grain class '{ClassType.FullName}', state '{attribute.StateName}'");
            var stateType = type.GetGenericArguments()[0];
            if (!stateType.IsValueType && stateType.GetConstructor(Type.EmptyTypes) is null)
                throw new ArgumentException($"Grain class '{ClassType.FullName}': state type '{stateType.FullName}' needs a public parameterless constructor.");
            var create = typeof(PersistentState<>).MakeGenericType(stateType).GetMethod(nameof(PersistentState<int>.Create), BindingFlags.Public | BindingFlags.Static)!
                .CreateDelegate<Func<ActivationData, IGrainStorage, string, object>>();
            string stateName = attribute.StateName;
            return (_, activation) => create(activation, storage, stateName);
        }
        return (services, _) => services.GetService(type)
            ?? throw new InvalidOperationException($"Grain class '{ClassType.FullName}': no service of type '{type.FullName}' is registered for constructor parameter '{parameter.Name}'.");
    }

    public Grain Create(IServiceProvider services, ActivationData activation)
    {
        var values = new object?[_parameterSources.Length];
        for (int i = 0; i < values.Length; i++) values[i] = _parameterSources[i](services, activation);
        return _construct(values);
    }

    public override string ToString() => TypeName;
}
