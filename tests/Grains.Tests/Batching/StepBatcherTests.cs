using LstmActors.Grains.Batching;
using LstmActors.Grains.Models;
using LstmActors.Grains.Series;
using LstmActors.Grains.Tests.Reference;

namespace LstmActors.Grains.Tests.Batching;

public sealed class StepBatcherTests
{
    private static readonly ModelDefinition Definition = ModelDefinition.ForFeatures("batching", "test", ["a", "b", "c"]) with
    {
        // Hand-made inputs of the features alone, and outputs of the means alone.
        SeriesInputs = false,
        ScaleHead = false,
        Units = 12,
        Layers = 2,
        PredictedFeatures = ["a", "c"],
    };

    [Fact]
    public async Task Series_advanced_in_shared_batches_match_the_engine_run_alone_per_series()
    {
        var weights = Perturbed(ModelNetwork.InitialWeights(Definition), seed: 3);
        using var batcher = new StepBatcher(Definition, new ModelVersion("batching", 1, weights), new BatcherOptions { MaxBatch = 40 });
        const int series = 70, ticks = 30;
        var random = new Random(11);
        var inputs = Enumerable.Range(0, series).Select(_ => Enumerable.Range(0, ticks * 3).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray()).ToArray();
        var outputs = new float[series][];

        // Each series submits its ticks in runs of random length from its own task, so batches mix series at every offset.
        await Task.WhenAll(Enumerable.Range(0, series).Select(s => Task.Run(async () =>
        {
            var local = new Random(s);
            var request = new StepRequest(3, 2);
            var carry = new float[2 * 2 * 12];
            outputs[s] = new float[ticks * 2];
            for (int t = 0; t < ticks;)
            {
                int steps = Math.Min(ticks - t, 1 + local.Next(7));
                request.Prepare(carry, steps);
                inputs[s].AsSpan(t * 3, steps * 3).CopyTo(request.Inputs);
                await batcher.Submit(request);
                Assert.Equal(1, request.Version);
                request.Outputs.AsSpan(0, steps * 2).CopyTo(outputs[s].AsSpan(t * 2));
                t += steps;
            }
        })));

        for (int s = 0; s < series; s++)
        {
            var reference = new StatefulReference(Definition, weights);
            for (int t = 0; t < ticks; t++)
            {
                var expected = reference.Step(inputs[s].AsSpan(t * 3, 3));
                for (int i = 0; i < 2; i++) Assert.Equal(expected[i], outputs[s][t * 2 + i], 1e-5f);
            }
        }
        Assert.True(batcher.Batches < series * ticks / 2, $"{batcher.Batches} batches for {series * ticks} steps: steps were not batched together.");
    }

    [Fact]
    public async Task A_new_version_is_installed_between_batches_and_reported()
    {
        var first = ModelNetwork.InitialWeights(Definition);
        var second = Perturbed(first, seed: 5);
        using var batcher = new StepBatcher(Definition, new ModelVersion("batching", 1, first), new BatcherOptions());
        var request = new StepRequest(3, 2);
        var carry = new float[48];
        request.Prepare(carry, 1);
        new float[] { 0.5f, -1f, 2f }.CopyTo(request.Inputs, 0);
        await batcher.Submit(request);
        Assert.Equal(1, request.Version);

        batcher.Publish(new ModelVersion("batching", 2, second));
        batcher.Publish(new ModelVersion("batching", 1, first));
        Assert.Equal(2, batcher.LatestVersion);
        request.Prepare(carry, 1);
        new float[] { 0.1f, 0.2f, 0.3f }.CopyTo(request.Inputs, 0);
        await batcher.Submit(request);
        Assert.Equal(2, request.Version);

        // The first step on the old weights, then one step on the new ones from the carry it left.
        var expected = StepWithCarryFrom(first, second, [0.5f, -1f, 2f], [0.1f, 0.2f, 0.3f]);
        Assert.Equal(expected[0], request.Outputs[0], 1e-5f);
        Assert.Equal(expected[1], request.Outputs[1], 1e-5f);
    }

    [Fact]
    public async Task Forecast_feedback_adds_each_output_times_its_skill_weight_and_gain_to_the_next_input()
    {
        var weights = Perturbed(ModelNetwork.InitialWeights(Definition), seed: 9);
        using var batcher = new StepBatcher(Definition, new ModelVersion("batching", 1, weights), new BatcherOptions());
        var request = new StepRequest(3, 2);
        float[] first = [0.3f, 0.7f, -0.2f];
        request.Prepare(new float[48], 4, new ForecastFeedback(predicted: [0, 2], gains: [0.5f, 2f], scales: [1f, 1f], weights: [1f, 0.25f], autoregression: null, values: new double[2], first, seriesInputsAt: -1, steps: 4));
        first.CopyTo(request.Inputs, 0);
        await batcher.Submit(request);

        var reference = new StatefulReference(Definition, weights);
        float[] input = [0.3f, 0.7f, -0.2f];
        for (int step = 0; step < 4; step++)
        {
            var output = reference.Step(input);
            Assert.Equal(output[0], request.Outputs[step * 2], 1e-5f);
            Assert.Equal(output[1], request.Outputs[step * 2 + 1], 1e-5f);
            input = [input[0] + 0.5f * output[0], input[1], input[2] + 0.25f * 2f * output[1]];
        }
    }

    [Fact]
    public void A_request_with_a_carry_of_the_wrong_size_is_refused_naming_both_sizes()
    {
        using var batcher = new StepBatcher(Definition, new ModelVersion("batching", 1, ModelNetwork.InitialWeights(Definition)), new BatcherOptions());
        var request = new StepRequest(3, 2);
        request.Prepare(new float[10], 1);
        var error = Assert.Throws<ArgumentException>(() => { _ = batcher.Submit(request); });
        Assert.Contains("10", error.Message);
        Assert.Contains("48", error.Message);
    }

    private static float[] StepWithCarryFrom(float[] oldWeights, float[] newWeights, float[] firstInput, float[] secondInput)
    {
        var model = LstmActors.Grains.Models.ModelNetwork.Build(Definition, 1);
        model.SetWeights(oldWeights);
        var carry = model.CreateCarry(1);
        model.Advance(LstmActors.Engine.Tensors.Tensor.From(firstInput, 1, 1, 3), carry);
        model.SetWeights(newWeights);
        return model.Advance(LstmActors.Engine.Tensors.Tensor.From(secondInput, 1, 1, 3), carry).ToArray();
    }

    internal static float[] Perturbed(float[] weights, int seed)
    {
        var random = new Random(seed);
        return weights.Select(w => w + (float)(random.NextDouble() - 0.5) * 0.2f).ToArray();
    }
}
