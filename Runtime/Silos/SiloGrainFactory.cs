using LstmActors.Runtime.Invocation;

namespace LstmActors.Runtime.Silos;

/// <summary>The grain factory (and hosted cluster client) of a silo: references made here call through the silo.</summary>
internal sealed class SiloGrainFactory(Silo silo) : IClusterClient
{
    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey) where TGrainInterface : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(primaryKey);
        return (TGrainInterface)(object)GrainInterfaceCatalog<TGrainInterface>.Info.CreateReference(primaryKey, silo);
    }
}
