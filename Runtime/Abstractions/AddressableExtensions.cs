using LstmActors.Runtime.Invocation;

namespace LstmActors.Runtime;

/// <summary>Key accessors for grains and grain references (Orleans' GrainExtensions).</summary>
public static class AddressableExtensions
{
    /// <summary>The string key of a grain (inside the grain) or of a grain reference.</summary>
    public static string GetPrimaryKeyString(this IAddressable grain) => grain switch
    {
        Grain g => g.Activation.GrainId.Key,
        GrainReference r => r.Key,
        null => throw new ArgumentNullException(nameof(grain)),
        _ => throw new ArgumentException($"'{grain.GetType().FullName}' is neither a grain nor a grain reference.", nameof(grain)),
    };

    /// <summary>A reference to this grain as <typeparamref name="TGrainInterface"/>, to pass in calls (Orleans' AsReference).</summary>
    public static TGrainInterface AsReference<TGrainInterface>(this Grain grain) where TGrainInterface : IGrainWithStringKey
        => grain.GrainFactory.GetGrain<TGrainInterface>(grain.Activation.GrainId.Key);
}
