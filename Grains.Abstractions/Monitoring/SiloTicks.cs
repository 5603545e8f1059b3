namespace LstmActors.Grains.Monitoring;

/// <summary>The ticks one silo is serving, per model it serves.</summary>
/// <param name="Silo">The silo's address (host:port@generation), as the management grain names it.</param>
/// <param name="Models">One entry per model the silo serves, by name.</param>
[GenerateSerializer, Alias("lstmactors.SiloTicks")]
public sealed record SiloTicks(string Silo, ModelTicks[] Models);
