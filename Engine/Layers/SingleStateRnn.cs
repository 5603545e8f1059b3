using LstmActors.Engine.Activations;
using LstmActors.Engine.Constraints;
using LstmActors.Engine.Initializers;
using LstmActors.Engine.Recurrent;
using LstmActors.Engine.Regularizers;

namespace LstmActors.Engine.Layers;

/// <summary>
/// A recurrent layer whose state is h alone (GRU, SimpleRNN), run on a <see cref="RecurrentKernel"/> from a
/// <see cref="HiddenCarry"/>.
/// </summary>
public abstract class SingleStateRnn : Rnn
{
    private RecurrentKernel? _kernel;
    private RecurrentWeights? _weights;
    private RecurrentWeights? _gradients;
    private Parameter[] _parameters = [];

    private protected SingleStateRnn(string type, int units, Activation activation, bool useBias, bool returnSequences, bool returnState,
        bool stateful, bool goBackwards, float dropout, float recurrentDropout, Initializer? kernelInitializer, Initializer? recurrentInitializer,
        Initializer? biasInitializer, Regularizer? kernelRegularizer, Regularizer? recurrentRegularizer, Regularizer? biasRegularizer,
        Regularizer? activityRegularizer, Constraint? kernelConstraint, Constraint? recurrentConstraint, Constraint? biasConstraint,
        bool unroll, int implementation)
        : base(type, units, activation, useBias, returnSequences, returnState, stateful, goBackwards, dropout, recurrentDropout,
            kernelInitializer, recurrentInitializer, biasInitializer, kernelRegularizer, recurrentRegularizer, biasRegularizer,
            activityRegularizer, kernelConstraint, recurrentConstraint, biasConstraint, unroll, implementation)
    {
    }

    /// <inheritdoc />
    public override IReadOnlyList<Parameter> Parameters => _parameters;

    /// <inheritdoc />
    public override RecurrentCarry CreateCarry(int batch) => new HiddenCarry(batch, Units);

    internal override Type CarryType => typeof(HiddenCarry);

    /// <summary>The weights in Keras layout (shared with <see cref="Parameters"/>).</summary>
    public RecurrentWeights Weights => _weights ?? throw new InvalidOperationException($"Layer {Label} is not built yet.");

    /// <summary>The kernel of this cell for <paramref name="features"/> inputs.</summary>
    private protected abstract RecurrentKernel CreateKernel(int features);

    private protected override void BuildWeights(int features, SeededRandom random)
    {
        _kernel = CreateKernel(features);
        _kernel.Threads = Threads;
        _weights = _kernel.CreateWeights();
        _gradients = _kernel.CreateWeights();
        _parameters = CreateParameters(_weights, _gradients, random);
    }

    private protected override void ApplyThreads()
    {
        if (_kernel is not null) _kernel.Threads = Threads;
    }

    private protected override void PackWeights() => _kernel!.SetWeights(_weights!);

    private protected override object CreateTape(int batch, int timesteps) => _kernel!.CreateTape(batch, timesteps);

    private protected override void RunForward(ReadOnlySpan<float> x, int batch, int timesteps, RecurrentCarry carry, Span<float> sequence,
        object? tape, DropoutMasks? masks) =>
        _kernel!.Forward(x, batch, timesteps, (HiddenCarry)carry, sequence, (RecurrentTape?)tape, masks);

    private protected override void RunBackward(object tape, ReadOnlySpan<float> dOutputs, Span<float> dx,
        ReadOnlySpan<float> dFinalH, ReadOnlySpan<float> dFinalC, Span<float> dInitialH, Span<float> dInitialC) =>
        _kernel!.Backward((RecurrentTape)tape, dOutputs, dFinalH, _gradients!, dx, dInitialH);
}
