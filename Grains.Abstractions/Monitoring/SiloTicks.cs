namespace LstmActors.Grains.Monitoring;

/// <summary>The ticks one silo is serving, per model it serves, and where its web app answers.</summary>
/// <param name="Silo">The silo's address (host:port@generation), as the management grain names it.</param>
/// <param name="Models">One entry per model the silo serves, by name.</param>
/// <param name="Web">Base URL of the silo's web app (live page, <c>/dashboard</c>, <c>/metrics</c>), or null when it has none.</param>
[GenerateSerializer, Alias("lstmactors.SiloTicks")]
public sealed record SiloTicks(string Silo, ModelTicks[] Models, string? Web = null);
