using LstmActors.Grains.Hosting;
using LstmActors.Grains.Models;
using LstmActors.Grains.Training;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace LstmActors.Cluster.Tests.Load;

/// <summary>The unmoved reference: the same ticks through one in-process Orleans silo that never changes, compared tick by tick.</summary>
public static class ReferenceRun
{
    /// <summary>Streams <paramref name="rounds"/> rounds of the same ticks through a one-silo <see cref="InProcessTestCluster"/> and returns its predictions.</summary>
    public static async Task<SeriesStream> RunAsync(ModelDefinition model, IReadOnlyList<string> series, int rounds)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) => silo.AddMemoryGrainStorageAsDefault().AddLstmActorsGrains());
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        await cluster.Client.GetGrain<IModelGrain>(model.Name).Define(model);
        return await SeriesStream.RunAsync(cluster.Client, model.Name, series, rounds);
    }

    /// <summary>Asserts every prediction of <paramref name="actual"/> equals the reference's to float tolerance, naming the series and tick.</summary>
    public static void AssertSamePredictions(SeriesStream expected, SeriesStream actual, IReadOnlyList<string> series, long firstTick = 0)
    {
        for (int i = 0; i < series.Count; i++)
        {
            var want = expected.Predictions(i).Skip((int)firstTick).ToArray();
            var got = actual.Predictions(i);
            Assert.True(got.Count <= want.Length, $"Series {series[i]}: {got.Count} predictions from tick {firstTick}, the reference has {want.Length}.");
            for (int t = 0; t < got.Count; t++)
            {
                Assert.True(want[t].Length == got[t].Length, $"Series {series[i]} tick {firstTick + t}: {got[t].Length} values, the reference has {want[t].Length}.");
                for (int k = 0; k < want[t].Length; k++)
                {
                    float tolerance = 2e-4f * (1 + Math.Abs(want[t][k]));
                    Assert.True(Math.Abs(want[t][k] - got[t][k]) <= tolerance,
                        $"Series {series[i]} tick {firstTick + t} value {k}: cluster {got[t][k]}, unmoved reference {want[t][k]}.");
                }
            }
        }
    }
}
