using LstmActors.Engine.Initializers;
using LstmActors.Engine.Layers;
using LstmActors.Engine.Tensors;

namespace LstmActors.Engine.Tests.Seeds;

/// <summary>Seed 001: what LSTM, Dense and TimeDistributed return for x of shape (32, 25, 1).</summary>
public sealed class ShapeSeedTests
{
    private static Tensor RandomInput()
    {
        var random = new SeededRandom(11);
        var data = new float[32 * 25 * 1];
        for (int i = 0; i < data.Length; i++) data[i] = (float)random.NextDouble();
        return Tensor.From(data, 32, 25, 1);
    }

    [Fact]
    public void Lstm_returns_the_last_step_by_default()
    {
        var x = RandomInput();
        var lastOnly = new Lstm(20).Call(x);
        Assert.Equal([32, 20], lastOnly.Shape);
    }

    [Fact]
    public void Lstm_with_returnSequences_returns_every_step_and_its_last_step_is_the_default_output()
    {
        var x = RandomInput();
        var sequence = new Lstm(20, returnSequences: true).Call(x);
        var last = new Lstm(20).Call(x); // same seed 0, same weights
        Assert.Equal([32, 25, 20], sequence.Shape);
        for (int b = 0; b < 32; b++)
            for (int u = 0; u < 20; u++) Assert.Equal(last[b, u], sequence[b, 24, u]);
    }

    [Fact]
    public void Dense_on_a_sequence_applies_per_timestep_like_TimeDistributed()
    {
        var sequence = new Lstm(20, returnSequences: true).Call(RandomInput());
        var dense = new Dense(10);
        var perStep = dense.Call(sequence);
        Assert.Equal([32, 25, 10], perStep.Shape);

        var lastStepAlone = dense.Call(Tensor.From(Enumerable.Range(0, 32).SelectMany(b => Enumerable.Range(0, 20).Select(u => sequence[b, 24, u])).ToArray(), 32, 20));
        Assert.Equal([32, 10], lastStepAlone.Shape);
        for (int b = 0; b < 32; b++)
            for (int u = 0; u < 10; u++) Assert.Equal(lastStepAlone[b, u], perStep[b, 24, u], 5);

        var timeDistributed = new TimeDistributed(dense);
        var wrapped = timeDistributed.Call(sequence);
        Assert.Equal(perStep.ToArray(), wrapped.ToArray());
    }

    [Fact]
    public void TimeDistributed_refuses_a_two_dimensional_input()
    {
        var lastOnly = new Lstm(20).Call(RandomInput());
        var error = Assert.Throws<ArgumentException>(() => new TimeDistributed(new Dense(10)).Call(lastOnly));
        Assert.Contains("(batch, timesteps, features)", error.Message);
        Assert.Contains("(None, 20)", error.Message);
    }

    [Fact]
    public void ReturnState_gives_output_h_and_c_and_h_is_the_last_output()
    {
        var lstm = new Lstm(20, returnSequences: true, returnState: true);
        var (output, h, c) = lstm.CallWithState(RandomInput());
        Assert.Equal([32, 25, 20], output.Shape);
        Assert.Equal([32, 20], h.Shape);
        Assert.Equal([32, 20], c.Shape);
        for (int b = 0; b < 32; b++)
            for (int u = 0; u < 20; u++) Assert.Equal(output[b, 24, u], h[b, u]);
        // h = o · tanh(c) with 0 < o < 1, so |h| < tanh(|c|) element by element.
        for (int i = 0; i < h.Length; i++)
            Assert.True(MathF.Abs(h.Span[i]) <= MathF.Tanh(MathF.Abs(c.Span[i])) + 1e-6f, $"h {h.Span[i]} vs c {c.Span[i]} at {i}");
        Assert.NotEqual(h.ToArray(), c.ToArray());
    }
}
