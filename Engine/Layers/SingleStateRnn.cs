using LstmActors.Engine.Activations;
using LstmActors.Engine.Initializers;
using LstmActors.Engine.Recurrent;

namespace LstmActors.Engine.Layers;

/// <summary>
/// A recurrent layer whose state is h alone (GRU, SimpleRNN), run on a <see cref="RecurrentKernel"/> from a
/// <see cref="HiddenCarry"/>. Initial weights as Keras: glorot_uniform kernel, orthogonal recurrent kernel, zero bias.
/// </summary>
public abstract class SingleStateRnn : Rnn
{
    private RecurrentKernel? _kernel;
    private RecurrentWeights? _weights;
    private RecurrentWeights? _gradients;
    private RecurrentTape? _tape;
    private Parameter[] _parameters = [];

    private protected SingleStateRnn(string type, int units, Activation activation, bool useBias, bool returnSequences, bool returnState,
        bool stateful, bool goBackwards, float dropout, float recurrentDropout)
        : base(type, units, activation, useBias, returnSequences, returnState, stateful, goBackwards, dropout, recurrentDropout)
    {
    }

    /// <inheritdoc />
    public override IReadOnlyList<Parameter> Parameters => _parameters;

    /// <inheritdoc />
    public override RecurrentCarry CreateCarry(int batch) => new HiddenCarry(batch, Units);

    internal override Type CarryType => typeof(HiddenCarry);

    /// <summary>The weights in Keras layout (shared with <see cref="Parameters"/>).</summary>
    public RecurrentWeights Weights => _weights ?? throw new InvalidOperationException($"Layer {Label} is not built yet.");

    /// <summary>The Keras shape of the bias: (G) or, with a recurrent bias row, (2, G).</summary>
    private protected abstract int[] BiasShape(int gateColumns);

    /// <summary>The kernel of this cell for <paramref name="features"/> inputs.</summary>
    private protected abstract RecurrentKernel CreateKernel(int features);

    private protected override void BuildWeights(int features, SeededRandom random)
    {
        _kernel = CreateKernel(features);
        int g = _kernel.GateColumns;
        _weights = _kernel.CreateWeights();
        _gradients = _kernel.CreateWeights();
        GlorotUniform.Fill(_weights.Kernel, features, g, random);
        Orthogonal.Fill(_weights.RecurrentKernel, Units, g, random);
        var kernel = new Parameter("kernel", [features, g], _weights.Kernel, _gradients.Kernel);
        var recurrent = new Parameter("recurrent_kernel", [Units, g], _weights.RecurrentKernel, _gradients.RecurrentKernel);
        _parameters = UseBias ? [kernel, recurrent, new Parameter("bias", BiasShape(g), _weights.Bias, _gradients.Bias)] : [kernel, recurrent];
    }

    private protected override void PackWeights() => _kernel!.SetWeights(_weights!);

    private protected override void RunForward(ReadOnlySpan<float> x, int batch, int timesteps, RecurrentCarry carry, Span<float> sequence,
        bool record, DropoutMasks? masks)
    {
        if (record) _tape ??= _kernel!.CreateTape(batch, timesteps);
        _kernel!.Forward(x, batch, timesteps, (HiddenCarry)carry, sequence, record ? _tape : null, masks);
    }

    private protected override void RunBackward(ReadOnlySpan<float> dOutputs, Span<float> dx)
    {
        _gradients!.Clear();
        _kernel!.Backward(_tape!, dOutputs, default, _gradients, dx, default);
    }
}
