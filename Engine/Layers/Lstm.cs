using LstmActors.Engine.Activations;
using LstmActors.Engine.Constraints;
using LstmActors.Engine.Initializers;
using LstmActors.Engine.Recurrent;
using LstmActors.Engine.Regularizers;
using LstmActors.Engine.Tensors;

namespace LstmActors.Engine.Layers;

/// <summary>
/// Keras <c>LSTM</c> over (batch, timesteps, features). Weights in Keras layout (gates i, f, c, o), by default kernel
/// glorot_uniform, recurrent kernel orthogonal, bias zeros with the forget gate at 1 when <see cref="UnitForgetBias"/>.
/// Initializers, regularizers and constraints are given by Keras name or as objects; null means Keras' default.
/// The math runs in <see cref="LstmKernel"/> from an explicit <see cref="LstmCarry"/>; a stateful model keeps that carry
/// between batches, an actor owns it.
/// </summary>
public sealed class Lstm : Rnn
{
    private LstmWeights? _weights;
    private LstmWeights? _gradients;
    private LstmKernel? _kernel;
    private Parameter[] _parameters = [];

    /// <summary>Creates the layer with activations given by Keras name ("tanh", "sigmoid", "hard_sigmoid", "relu", "linear").</summary>
    public Lstm(int units, string activation = "tanh", string recurrentActivation = "sigmoid", bool useBias = true,
        bool unitForgetBias = true, bool returnSequences = false, bool returnState = false, bool stateful = false,
        bool goBackwards = false, float dropout = 0f, float recurrentDropout = 0f,
        Initializer? kernelInitializer = null, Initializer? recurrentInitializer = null, Initializer? biasInitializer = null,
        Regularizer? kernelRegularizer = null, Regularizer? recurrentRegularizer = null, Regularizer? biasRegularizer = null,
        Regularizer? activityRegularizer = null, Constraint? kernelConstraint = null, Constraint? recurrentConstraint = null,
        Constraint? biasConstraint = null, bool unroll = false, int implementation = 2)
        : this(units, ActivationFunctions.Parse(activation), ActivationFunctions.Parse(recurrentActivation), useBias,
            unitForgetBias, returnSequences, returnState, stateful, goBackwards, dropout, recurrentDropout,
            kernelInitializer, recurrentInitializer, biasInitializer, kernelRegularizer, recurrentRegularizer, biasRegularizer,
            activityRegularizer, kernelConstraint, recurrentConstraint, biasConstraint, unroll, implementation)
    {
    }

    /// <summary>Creates the layer with activations given as the enum.</summary>
    public Lstm(int units, Activation activation, Activation recurrentActivation = Activation.Sigmoid, bool useBias = true,
        bool unitForgetBias = true, bool returnSequences = false, bool returnState = false, bool stateful = false,
        bool goBackwards = false, float dropout = 0f, float recurrentDropout = 0f,
        Initializer? kernelInitializer = null, Initializer? recurrentInitializer = null, Initializer? biasInitializer = null,
        Regularizer? kernelRegularizer = null, Regularizer? recurrentRegularizer = null, Regularizer? biasRegularizer = null,
        Regularizer? activityRegularizer = null, Constraint? kernelConstraint = null, Constraint? recurrentConstraint = null,
        Constraint? biasConstraint = null, bool unroll = false, int implementation = 2)
        : base("LSTM", units, activation, useBias, returnSequences, returnState, stateful, goBackwards, dropout, recurrentDropout,
            kernelInitializer, recurrentInitializer, biasInitializer, kernelRegularizer, recurrentRegularizer, biasRegularizer,
            activityRegularizer, kernelConstraint, recurrentConstraint, biasConstraint, unroll, implementation)
    {
        RequireElementWise("LSTM", recurrentActivation, nameof(recurrentActivation));
        RecurrentActivation = recurrentActivation;
        UnitForgetBias = unitForgetBias;
    }

    /// <summary>Activation of the i, f, o gates.</summary>
    public Activation RecurrentActivation { get; }

    /// <summary>Whether the forget-gate bias starts at 1.</summary>
    public bool UnitForgetBias { get; }

    /// <inheritdoc />
    public override string TypeName => "LSTM";

    /// <inheritdoc />
    public override string NameStem => "lstm";

    /// <inheritdoc />
    public override IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>The weights in Keras layout (shared with <see cref="Parameters"/>).</summary>
    public LstmWeights Weights => _weights ?? throw new InvalidOperationException($"Layer {Label} is not built yet.");

    /// <summary>The layer's shape and activations, as the kernel sees them.</summary>
    public LstmSpec Spec => new(InputShape[^1], Units, Activation, RecurrentActivation, UseBias);

    private protected override void BuildWeights(int features, SeededRandom random)
    {
        _weights = new LstmWeights(features, Units);
        _gradients = new LstmWeights(features, Units);
        _parameters = CreateParameters(_weights, _gradients, random);
        _kernel = new LstmKernel(new LstmSpec(features, Units, Activation, RecurrentActivation, UseBias)) { Threads = Threads };
    }

    private protected override void ApplyThreads()
    {
        if (_kernel is not null) _kernel.Threads = Threads;
    }

    /// <summary>
    /// Keras' <c>output, h, c = lstm(x, initial_state=[h0, c0])</c>: runs on (batch, timesteps, features) from
    /// <paramref name="initialState"/> (zeros when null; not modified) and returns output, final h and final c.
    /// </summary>
    public LstmResult CallWithState(Tensor input, LstmCarry? initialState = null)
    {
        var result = base.CallWithState(input, initialState);
        return new LstmResult(result.Output, result.States[0], result.States[1]);
    }

    /// <inheritdoc />
    public override RecurrentCarry CreateCarry(int batch) => new LstmCarry(batch, Units);

    internal override Type CarryType => typeof(LstmCarry);

    internal override int StateCount => 2;

    private protected override void PackWeights() => _kernel!.SetWeights(_weights!);

    private protected override object CreateTape(int batch, int timesteps) => new LstmTape(_kernel!.Spec, batch, timesteps);

    private protected override void RunForward(ReadOnlySpan<float> x, int batch, int timesteps, RecurrentCarry carry, Span<float> sequence,
        object? tape, DropoutMasks? masks) =>
        _kernel!.Forward(x, batch, timesteps, (LstmCarry)carry, sequence, (LstmTape?)tape, masks);

    private protected override void RunBackward(object tape, ReadOnlySpan<float> dOutputs, Span<float> dx,
        ReadOnlySpan<float> dFinalH, ReadOnlySpan<float> dFinalC, Span<float> dInitialH, Span<float> dInitialC) =>
        _kernel!.Backward((LstmTape)tape, dOutputs, dFinalH, dFinalC, _gradients!, dx, dInitialH, dInitialC);

    /// <summary>Keras' bias: with unitForgetBias the initializer fills i (H) and c, o (2H) separately and f is ones.</summary>
    private protected override void FillBias(float[] bias, int[] shape, SeededRandom random)
    {
        if (!UnitForgetBias)
        {
            base.FillBias(bias, shape, random);
            return;
        }
        BiasInitializer.Fill(bias.AsSpan(0, Units), [Units], random);
        bias.AsSpan(Units, Units).Fill(1f);
        BiasInitializer.Fill(bias.AsSpan(2 * Units), [2 * Units], random);
    }
}
