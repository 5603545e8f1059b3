using LstmActors.Grains.Simulation;

namespace LstmActors.Grains.Tests.Simulation;

public sealed class SyntheticSeriesTests
{
    public static TheoryData<string> Kinds => new() { "stock", "tank", "sine", "walk" };

    private static SyntheticSeries Create(string kind, int seed) => kind switch
    {
        "stock" => StockSeries.Random(seed),
        "tank" => new TankSeries(seed),
        "sine" => new SineSeries(seed),
        _ => new RandomWalkSeries(seed),
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void The_same_seed_gives_the_same_ticks_and_another_seed_other_ticks(string kind)
    {
        var a = Create(kind, 4);
        var b = Create(kind, 4);
        var c = Create(kind, 5);
        var ticksA = Enumerable.Range(0, 200).SelectMany(_ => a.Next()).ToArray();
        Assert.Equal(ticksA, Enumerable.Range(0, 200).SelectMany(_ => b.Next()).ToArray());
        Assert.NotEqual(ticksA, Enumerable.Range(0, 200).SelectMany(_ => c.Next()).ToArray());
        Assert.Equal(a.Features.Count, a.Next().Length);
    }

    [Fact]
    public void Stock_bars_are_consistent_ohlcv()
    {
        for (int seed = 0; seed < 20; seed++)
        {
            var stock = StockSeries.Random(seed);
            for (int t = 0; t < 300; t++)
            {
                var bar = stock.Next();
                float open = bar[0], high = bar[1], low = bar[2], close = bar[3], volume = bar[4];
                Assert.True(low <= open && open <= high && low <= close && close <= high && low > 0, $"seed {seed} bar {t}: {string.Join(", ", bar)}");
                Assert.True(volume >= 0 && float.IsFinite(volume), $"seed {seed} bar {t}: volume {volume}");
            }
        }
    }

    [Fact]
    public void Tanks_fill_and_empty_with_pressure_above_atmospheric()
    {
        var tank = new TankSeries(3);
        var pressures = Enumerable.Range(0, 400).Select(_ => tank.Next()[0]).ToArray();
        Assert.All(pressures, p => Assert.True(p > 101f, $"pressure {p} kPa"));
        // Both phases occur: the level rises for a while and falls for a while.
        int rises = pressures.Zip(pressures.Skip(1)).Count(p => p.Second > p.First + 0.5f);
        int falls = pressures.Zip(pressures.Skip(1)).Count(p => p.Second < p.First - 0.5f);
        Assert.True(rises > 50 && falls > 50, $"{rises} rising and {falls} falling ticks");
    }
}
