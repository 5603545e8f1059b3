using LstmActors.Engine.Recurrent;

namespace LstmActors.Engine.Bench;

/// <summary>One recurrent layer with its carry, as the inference and online cases time it: an LSTM or a GRU kernel.</summary>
internal sealed class BenchLayer
{
    private readonly Action<ReadOnlyMemory<float>, int, int, float[]> _forward;

    private BenchLayer(int gates, Action reset, Action<ReadOnlyMemory<float>, int, int, float[]> forward)
    {
        Gates = gates;
        Reset = reset;
        _forward = forward;
    }

    /// <summary>Gate blocks of the cell: 4 for the LSTM, 3 for the GRU (a forward step is 2·gates·H·(F+H) FLOP).</summary>
    public int Gates { get; }

    /// <summary>Zeroes the carry.</summary>
    public Action Reset { get; }

    /// <summary>Advances the carry over x (batch, timesteps, F), writing h of every step to outputs.</summary>
    public void Forward(ReadOnlyMemory<float> x, int batch, int timesteps, float[] outputs) => _forward(x, batch, timesteps, outputs);

    /// <summary>An LSTM layer of <paramref name="batch"/> series with random weights.</summary>
    public static BenchLayer Lstm(int threads, int batch, int F, int H, Random rng)
    {
        var weights = new LstmWeights(F, H);
        foreach (var a in new[] { weights.Kernel, weights.RecurrentKernel, weights.Bias }) TrainingStep.Fill(a, rng, 1 / MathF.Sqrt(H));
        var kernel = new LstmKernel(new LstmSpec(F, H)) { Threads = threads };
        kernel.SetWeights(weights);
        var carry = new LstmCarry(batch, H);
        return new BenchLayer(4, carry.Reset, (x, b, t, outputs) => kernel.Forward(x.Span, b, t, carry, outputs));
    }

    /// <summary>A GRU layer (Keras' resetAfter, PyTorch's nn.GRU) of <paramref name="batch"/> series with random weights.</summary>
    public static BenchLayer Gru(int threads, int batch, int F, int H, Random rng)
    {
        var kernel = new GruKernel(new GruSpec(F, H)) { Threads = threads };
        var weights = kernel.CreateWeights();
        foreach (var a in new[] { weights.Kernel, weights.RecurrentKernel, weights.Bias }) TrainingStep.Fill(a, rng, 1 / MathF.Sqrt(H));
        kernel.SetWeights(weights);
        var carry = new HiddenCarry(batch, H);
        return new BenchLayer(3, carry.Reset, (x, b, t, outputs) => kernel.Forward(x.Span, b, t, carry, outputs));
    }
}
