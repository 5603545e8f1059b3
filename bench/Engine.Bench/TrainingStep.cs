using LstmActors.Engine.Recurrent;

namespace LstmActors.Engine.Bench;

/// <summary>
/// One optimizer step as the anchor times it: stacked LSTM layers from a zero carry, a Dense(1) head on the last step,
/// mean squared error, BPTT, Adam (lr 1e-3) on every weight, and the new weights packed into the kernels.
/// </summary>
internal sealed class TrainingStep
{
    private readonly int _batch, _timesteps;
    private readonly LstmKernel[] _kernels;
    private readonly LstmWeights[] _weights, _gradients;
    private readonly LstmTape[] _tapes;
    private readonly LstmCarry[] _carries;
    private readonly float[][] _outputs, _dOutputs;
    private readonly float[] _x, _y;
    private readonly RegressionHead _head;
    private readonly Adam _adam;

    public TrainingStep(int batch, int timesteps, int features, int units, int layers, int threads, Random rng)
    {
        _batch = batch;
        _timesteps = timesteps;
        _kernels = new LstmKernel[layers];
        _weights = new LstmWeights[layers];
        _gradients = new LstmWeights[layers];
        _tapes = new LstmTape[layers];
        _carries = new LstmCarry[layers];
        _outputs = new float[layers][];
        _dOutputs = new float[layers][];
        var parameters = new List<float[]>();
        var gradients = new List<float[]>();
        for (int l = 0; l < layers; l++)
        {
            var spec = new LstmSpec(l == 0 ? features : units, units);
            _weights[l] = new LstmWeights(spec.InputSize, units);
            Fill(_weights[l].Kernel, rng, 1 / MathF.Sqrt(units));
            Fill(_weights[l].RecurrentKernel, rng, 1 / MathF.Sqrt(units));
            Fill(_weights[l].Bias, rng, 1 / MathF.Sqrt(units));
            _gradients[l] = new LstmWeights(spec.InputSize, units);
            _kernels[l] = new LstmKernel(spec) { Threads = threads };
            _kernels[l].SetWeights(_weights[l]);
            _tapes[l] = new LstmTape(spec, batch, timesteps);
            _carries[l] = new LstmCarry(batch, units);
            _outputs[l] = new float[batch * timesteps * units];
            _dOutputs[l] = new float[batch * timesteps * units];
            parameters.AddRange([_weights[l].Kernel, _weights[l].RecurrentKernel, _weights[l].Bias]);
            gradients.AddRange([_gradients[l].Kernel, _gradients[l].RecurrentKernel, _gradients[l].Bias]);
        }
        _head = new RegressionHead(units, rng);
        parameters.Add(_head.Weights);
        gradients.Add(_head.Gradients);
        _adam = new Adam(parameters, gradients, learningRate: 1e-3f);
        _x = new float[batch * timesteps * features];
        _y = new float[batch];
        Fill(_x, rng, 1);
        Fill(_y, rng, 1);
    }

    /// <summary>Forward, backward and Adam over the batch; returns the loss.</summary>
    public float Run()
    {
        int layers = _kernels.Length, B = _batch, T = _timesteps;
        ReadOnlySpan<float> input = _x;
        for (int l = 0; l < layers; l++)
        {
            _carries[l].Reset();
            _kernels[l].Forward(input, B, T, _carries[l], _outputs[l], _tapes[l]);
            input = _outputs[l];
        }

        float loss = _head.Backward(_outputs[layers - 1], _dOutputs[layers - 1], _y, B, T);

        for (int l = layers - 1; l >= 0; l--)
        {
            _gradients[l].Clear();
            Span<float> dx = l == 0 ? default : _dOutputs[l - 1];
            _kernels[l].Backward(_tapes[l], _dOutputs[l], default, default, _gradients[l], dx, default, default);
        }
        _adam.Step();
        for (int l = 0; l < layers; l++) _kernels[l].SetWeights(_weights[l]);
        return loss;
    }

    internal static void Fill(float[] a, Random rng, float scale)
    {
        for (int i = 0; i < a.Length; i++) a[i] = (float)(rng.NextDouble() * 2 - 1) * scale;
    }
}
