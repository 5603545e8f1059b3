namespace LstmActors.Runtime;

/// <summary>Anything that names a grain: a grain instance or a grain reference (Orleans' IAddressable).</summary>
public interface IAddressable;

/// <summary>Marker for grain interfaces (Orleans' IGrain).</summary>
public interface IGrain : IAddressable;

/// <summary>Marker for grain interfaces whose grains are keyed by a string (Orleans' IGrainWithStringKey).</summary>
public interface IGrainWithStringKey : IGrain;
