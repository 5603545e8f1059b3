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
public sealed class Lstm : Layer
{
    private LstmWeights? _weights;
    private LstmWeights? _gradients;
    private LstmKernel? _kernel;
    private LstmTape? _tape;
    private LstmCarry? _zeroCarry;
    private SeededRandom? _maskRandom;
    private bool _packed;
    private int _lastBatch;
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
    {
        if (units <= 0) throw new ArgumentOutOfRangeException(nameof(units), units, "LSTM units must be positive.");
        if (dropout is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(dropout), dropout, "LSTM dropout must be in [0, 1).");
        if (recurrentDropout is < 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(recurrentDropout), recurrentDropout, "LSTM recurrentDropout must be in [0, 1).");
        if (activation == Activation.Softmax || recurrentActivation == Activation.Softmax)
            throw new ArgumentException(
                "LSTM activation 'softmax' is not supported: the LSTM's activations are element-wise, softmax normalizes over an axis.", nameof(activation));
        if (implementation is not (1 or 2))
            throw new ArgumentOutOfRangeException(nameof(implementation), implementation, "LSTM implementation must be 1 or 2, as in Keras.");
        Units = units;
        Activation = activation;
        RecurrentActivation = recurrentActivation;
        UseBias = useBias;
        UnitForgetBias = unitForgetBias;
        ReturnSequences = returnSequences;
        ReturnState = returnState;
        Stateful = stateful;
        GoBackwards = goBackwards;
        Dropout = dropout;
        RecurrentDropout = recurrentDropout;
        KernelInitializer = kernelInitializer ?? new GlorotUniform();
        RecurrentInitializer = recurrentInitializer ?? new Orthogonal();
        BiasInitializer = biasInitializer ?? new Zeros();
        KernelRegularizer = kernelRegularizer;
        RecurrentRegularizer = recurrentRegularizer;
        BiasRegularizer = biasRegularizer;
        ActivityRegularizer = activityRegularizer;
        KernelConstraint = kernelConstraint;
        RecurrentConstraint = recurrentConstraint;
        BiasConstraint = biasConstraint;
        Unroll = unroll;
        Implementation = implementation;
    }

    /// <summary>Hidden units (H).</summary>
    public int Units { get; }

    /// <summary>Activation of the candidate cell and of the cell on output.</summary>
    public Activation Activation { get; }

    /// <summary>Activation of the i, f, o gates.</summary>
    public Activation RecurrentActivation { get; }

    /// <summary>Whether the gates have a bias.</summary>
    public bool UseBias { get; }

    /// <summary>Whether the forget-gate bias starts at 1.</summary>
    public bool UnitForgetBias { get; }

    /// <summary>Output every step's h (batch, timesteps, units) instead of the last (batch, units).</summary>
    public bool ReturnSequences { get; }

    /// <summary>Whether a functional call also returns the final h and c (see <see cref="CallWithState"/>).</summary>
    public bool ReturnState { get; }

    /// <summary>Whether a model keeps this layer's final carry as the next batch's initial carry.</summary>
    public bool Stateful { get; }

    /// <summary>Process the sequence from last to first step; with returnSequences the outputs stay in that reversed order, as in Keras.</summary>
    public bool GoBackwards { get; }

    /// <summary>Fraction of input features dropped in training (one mask per sample for all steps and gates).</summary>
    public float Dropout { get; }

    /// <summary>Fraction of the previous h dropped in training (one mask per sample for all steps and gates).</summary>
    public float RecurrentDropout { get; }

    /// <summary>Fills the kernel (Keras default glorot_uniform).</summary>
    public Initializer KernelInitializer { get; }

    /// <summary>Fills the recurrent kernel (Keras default orthogonal).</summary>
    public Initializer RecurrentInitializer { get; }

    /// <summary>Fills the bias (Keras default zeros); with <see cref="UnitForgetBias"/> the forget gate's part is 1 instead.</summary>
    public Initializer BiasInitializer { get; }

    /// <summary>Penalty on the kernel, or null.</summary>
    public Regularizer? KernelRegularizer { get; }

    /// <summary>Penalty on the recurrent kernel, or null.</summary>
    public Regularizer? RecurrentRegularizer { get; }

    /// <summary>Penalty on the bias, or null.</summary>
    public Regularizer? BiasRegularizer { get; }

    /// <summary>Projection of the kernel after each step, or null.</summary>
    public Constraint? KernelConstraint { get; }

    /// <summary>Projection of the recurrent kernel after each step, or null.</summary>
    public Constraint? RecurrentConstraint { get; }

    /// <summary>Projection of the bias after each step, or null.</summary>
    public Constraint? BiasConstraint { get; }

    /// <summary>Keras <c>unroll</c>: accepted and kept; it has no effect on the results (Keras unrolls only for speed).</summary>
    public bool Unroll { get; }

    /// <summary>Keras <c>implementation</c> (1 or 2): accepted and kept; it has no effect on the results (it picks Keras' op grouping).</summary>
    public int Implementation { get; }

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

    /// <inheritdoc />
    protected override int[] BuildCore(int[] inputShape, SeededRandom random)
    {
        RequireRank(inputShape, 2, "(batch, timesteps, features)");
        int features = inputShape[1], g = 4 * Units;
        var spec = new LstmSpec(features, Units, Activation, RecurrentActivation, UseBias);
        _weights = new LstmWeights(features, Units);
        _gradients = new LstmWeights(features, Units);
        KernelInitializer.Fill(_weights.Kernel, [features, g], random);
        RecurrentInitializer.Fill(_weights.RecurrentKernel, [Units, g], random);
        var parameters = new List<Parameter>
        {
            new("kernel", [features, g], _weights.Kernel, _gradients.Kernel) { Regularizer = KernelRegularizer, Constraint = KernelConstraint },
            new("recurrent_kernel", [Units, g], _weights.RecurrentKernel, _gradients.RecurrentKernel)
                { Regularizer = RecurrentRegularizer, Constraint = RecurrentConstraint },
        };
        if (UseBias)
        {
            FillBias(_weights.Bias, random);
            parameters.Add(new("bias", [g], _weights.Bias, _gradients.Bias) { Regularizer = BiasRegularizer, Constraint = BiasConstraint });
        }
        _parameters = parameters.ToArray();
        _kernel = new LstmKernel(spec);
        _maskRandom = random.Derive();
        return ReturnSequences ? [inputShape[0], Units] : [Units];
    }

    /// <summary>
    /// Keras' <c>output, h, c = lstm(x, initial_state=[h0, c0])</c>: runs on (batch, timesteps, features) from
    /// <paramref name="initialState"/> (zeros when null; not modified) and returns output, final h and final c.
    /// </summary>
    public LstmResult CallWithState(Tensor input, LstmCarry? initialState = null)
    {
        BuildFor(input);
        EnsureInput(input);
        int batch = input.Shape[0];
        var carry = initialState?.Clone() ?? new LstmCarry(batch, Units);
        var output = Forward(input, carry, training: false);
        return new LstmResult(output, Tensor.From(carry.H.ToArray(), batch, Units), Tensor.From(carry.C.ToArray(), batch, Units));
    }

    /// <summary>Runs from a zero carry (a non-stateful call).</summary>
    internal override Tensor Forward(Tensor input, bool training)
    {
        int batch = input.Shape[0];
        if (_zeroCarry is null || _zeroCarry.Batch != batch) _zeroCarry = new LstmCarry(batch, Units);
        else _zeroCarry.Reset();
        return Forward(input, _zeroCarry, training);
    }

    /// <summary>
    /// Runs over (batch, timesteps, features) from <paramref name="carry"/>, advancing it in place to the final state.
    /// In training, records for <see cref="Backward"/> and applies dropout.
    /// </summary>
    internal Tensor Forward(Tensor input, LstmCarry carry, bool training)
    {
        int batch = input.Shape[0], timesteps = input.Shape[1], features = InputShape[1];
        if (carry.Batch != batch || carry.Units != Units)
            throw new ArgumentException(
                $"Layer {Label}: carry is (batch {carry.Batch}, units {carry.Units}), the input needs (batch {batch}, units {Units}).");
        if (!_packed)
        {
            _kernel!.SetWeights(_weights!);
            _packed = true;
        }
        ReadOnlySpan<float> x = input.Span;
        float[]? reversed = null;
        if (GoBackwards)
        {
            reversed = new float[input.Length];
            ReverseTime(input.Span, reversed, batch, timesteps, features);
            x = reversed;
        }
        var sequence = new float[batch * timesteps * Units];
        DropoutMasks? masks = training ? CreateMasks(batch, features) : null;
        if (training)
        {
            _tape ??= new LstmTape(_kernel!.Spec, batch, timesteps);
            _kernel!.Forward(x, batch, timesteps, carry, sequence, _tape, masks);
            _lastBatch = batch;
        }
        else
        {
            _kernel!.Forward(x, batch, timesteps, carry, sequence);
        }
        if (ReturnSequences) return Tensor.From(sequence, batch, timesteps, Units);
        return Tensor.From(carry.H.ToArray(), batch, Units);
    }

    /// <inheritdoc />
    internal override Tensor Backward(Tensor outputGradient)
    {
        if (_tape is null || _lastBatch == 0)
            throw new InvalidOperationException($"Layer {Label}: backward without a training forward.");
        int batch = _tape.Batch, timesteps = _tape.Timesteps, features = InputShape[1];
        float[] dOutputs;
        if (ReturnSequences)
        {
            dOutputs = outputGradient.Data;
        }
        else
        {
            // Only the last processed step's h is the output.
            dOutputs = new float[batch * timesteps * Units];
            for (int b = 0; b < batch; b++)
                outputGradient.Span.Slice(b * Units, Units).CopyTo(dOutputs.AsSpan((b * timesteps + timesteps - 1) * Units, Units));
        }
        _gradients!.Clear();
        var dx = new float[batch * timesteps * features];
        _kernel!.Backward(_tape, dOutputs, default, default, _gradients, dx, default, default);
        if (GoBackwards)
        {
            var ordered = new float[dx.Length];
            ReverseTime(dx, ordered, batch, timesteps, features);
            dx = ordered;
        }
        return Tensor.From(dx, batch, timesteps, features);
    }

    /// <summary>Marks the packed kernel weights stale after the weights were changed in place.</summary>
    internal override void OnWeightsChanged() => _packed = false;

    /// <summary>Keras' bias: with unitForgetBias the initializer fills i (H) and c, o (2H) separately and f is ones.</summary>
    private void FillBias(float[] bias, SeededRandom random)
    {
        if (!UnitForgetBias)
        {
            BiasInitializer.Fill(bias, [4 * Units], random);
            return;
        }
        BiasInitializer.Fill(bias.AsSpan(0, Units), [Units], random);
        bias.AsSpan(Units, Units).Fill(1f);
        BiasInitializer.Fill(bias.AsSpan(2 * Units), [2 * Units], random);
    }

    private DropoutMasks? CreateMasks(int batch, int features)
    {
        if (Dropout == 0f && RecurrentDropout == 0f) return null;
        return new DropoutMasks(
            Dropout > 0f ? Mask(batch * features, Dropout) : null,
            RecurrentDropout > 0f ? Mask(batch * Units, RecurrentDropout) : null);
    }

    private float[] Mask(int length, float rate)
    {
        var mask = new float[length];
        float keep = 1f / (1f - rate);
        for (int i = 0; i < length; i++) mask[i] = _maskRandom!.NextDouble() < rate ? 0f : keep;
        return mask;
    }

    private static void ReverseTime(ReadOnlySpan<float> source, Span<float> destination, int batch, int timesteps, int features)
    {
        for (int b = 0; b < batch; b++)
            for (int t = 0; t < timesteps; t++)
                source.Slice((b * timesteps + t) * features, features)
                    .CopyTo(destination.Slice((b * timesteps + timesteps - 1 - t) * features, features));
    }
}
