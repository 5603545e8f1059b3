namespace LstmActors.Runtime;

/// <summary>Creates grain references (Orleans' IGrainFactory). References are cheap, need no activation and can be passed in calls.</summary>
public interface IGrainFactory
{
    /// <summary>Returns a reference to the grain of interface <typeparamref name="TGrainInterface"/> with the given key.</summary>
    TGrainInterface GetGrain<TGrainInterface>(string primaryKey) where TGrainInterface : IGrainWithStringKey;
}

/// <summary>A connection to a cluster, external (through gateways) or hosted in a silo (Orleans' IClusterClient).</summary>
public interface IClusterClient : IGrainFactory;
