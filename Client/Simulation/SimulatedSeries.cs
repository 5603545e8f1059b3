using LstmActors.Grains.Simulation;

namespace LstmActors.Client.Simulation;

/// <summary>One simulated series of the fleet: its id, model (= kind) and seeded generator.</summary>
internal sealed record SimulatedSeries(string Id, string Model, SyntheticSeries Generator)
{
    /// <summary>The kinds a fleet mixes, in the order series are dealt out: each kind is served by the built-in model of the same name.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["stocks", "tanks"];

    /// <summary><paramref name="count"/> series dealt round-robin over <see cref="Kinds"/>, each seeded from <paramref name="seed"/> and its index.</summary>
    public static IReadOnlyList<SimulatedSeries> Fleet(int count, int seed, string prefix) =>
        Enumerable.Range(0, count).Select(i =>
        {
            var kind = Kinds[i % Kinds.Count];
            var generatorSeed = unchecked(seed * 7919 + i);
            SyntheticSeries generator = kind == "stocks" ? StockSeries.Random(generatorSeed) : new TankSeries(generatorSeed);
            return new SimulatedSeries($"{prefix}{kind[..^1]}-{i / Kinds.Count:D4}", kind, generator);
        }).ToArray();
}
