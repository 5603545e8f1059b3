using LstmActors.Engine.Recurrent;

namespace LstmActors.Engine.Bench;

/// <summary>
/// The anchor's optimizer step for one GRU layer (Keras' resetAfter, which is PyTorch's nn.GRU): from a zero carry, the
/// regression head on the last step, BPTT, Adam (lr 1e-3) on every weight, and the new weights packed into the kernel.
/// </summary>
internal sealed class GruTrainingStep
{
    private readonly int _batch, _timesteps;
    private readonly GruKernel _kernel;
    private readonly RecurrentWeights _weights, _gradients;
    private readonly RecurrentTape _tape;
    private readonly HiddenCarry _carry;
    private readonly float[] _outputs, _dOutputs, _x, _y;
    private readonly RegressionHead _head;
    private readonly Adam _adam;

    public GruTrainingStep(int batch, int timesteps, int features, int units, int threads, Random rng)
    {
        (_batch, _timesteps) = (batch, timesteps);
        _kernel = new GruKernel(new GruSpec(features, units)) { Threads = threads };
        _weights = _kernel.CreateWeights();
        foreach (var a in new[] { _weights.Kernel, _weights.RecurrentKernel, _weights.Bias }) TrainingStep.Fill(a, rng, 1 / MathF.Sqrt(units));
        _gradients = _kernel.CreateWeights();
        _kernel.SetWeights(_weights);
        _tape = _kernel.CreateTape(batch, timesteps);
        _carry = new HiddenCarry(batch, units);
        _outputs = new float[batch * timesteps * units];
        _dOutputs = new float[batch * timesteps * units];
        _head = new RegressionHead(units, rng);
        _adam = new Adam([_weights.Kernel, _weights.RecurrentKernel, _weights.Bias, _head.Weights],
            [_gradients.Kernel, _gradients.RecurrentKernel, _gradients.Bias, _head.Gradients], learningRate: 1e-3f);
        _x = new float[batch * timesteps * features];
        _y = new float[batch];
        TrainingStep.Fill(_x, rng, 1);
        TrainingStep.Fill(_y, rng, 1);
    }

    /// <summary>Forward, backward and Adam over the batch; returns the loss.</summary>
    public float Run()
    {
        _carry.Reset();
        _kernel.Forward(_x, _batch, _timesteps, _carry, _outputs, _tape);
        float loss = _head.Backward(_outputs, _dOutputs, _y, _batch, _timesteps);
        _gradients.Clear();
        _kernel.Backward(_tape, _dOutputs, default, _gradients, default, default);
        _adam.Step();
        _kernel.SetWeights(_weights);
        return loss;
    }
}
