using LstmActors.Engine.Activations;
using LstmActors.Engine.Constraints;
using LstmActors.Engine.Initializers;
using LstmActors.Engine.Recurrent;
using LstmActors.Engine.Regularizers;
using LstmActors.Engine.Tensors;

namespace LstmActors.Engine.Layers;

/// <summary>
/// What Keras' recurrent layers (its <c>RNN</c> base) share: one direction over (batch, timesteps, features), goBackwards,
/// dropout masks, the last step or every step as output, and the weight arguments: initializers (null is Keras' default:
/// kernel glorot_uniform, recurrent kernel orthogonal, bias zeros), regularizers, constraints, unroll and implementation.
/// Subclasses hold the weights and run their cell's kernel.
/// </summary>
public abstract class Rnn : RecurrentLayer
{
    private SeededRandom? _maskRandom;
    private bool _packed;

    /// <summary>Checks and keeps the arguments every Keras recurrent layer takes; <paramref name="type"/> names the layer in errors.</summary>
    private protected Rnn(string type, int units, Activation activation, bool useBias, bool returnSequences, bool returnState, bool stateful,
        bool goBackwards, float dropout, float recurrentDropout, Initializer? kernelInitializer, Initializer? recurrentInitializer,
        Initializer? biasInitializer, Regularizer? kernelRegularizer, Regularizer? recurrentRegularizer, Regularizer? biasRegularizer,
        Regularizer? activityRegularizer, Constraint? kernelConstraint, Constraint? recurrentConstraint, Constraint? biasConstraint,
        bool unroll, int implementation)
    {
        if (units <= 0) throw new ArgumentOutOfRangeException(nameof(units), units, $"{type} units must be positive.");
        if (dropout is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(dropout), dropout, $"{type} dropout must be in [0, 1).");
        if (recurrentDropout is < 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(recurrentDropout), recurrentDropout, $"{type} recurrentDropout must be in [0, 1).");
        if (implementation is not (1 or 2))
            throw new ArgumentOutOfRangeException(nameof(implementation), implementation, $"{type} implementation must be 1 or 2, as in Keras.");
        RequireElementWise(type, activation, nameof(activation));
        Units = units;
        Activation = activation;
        UseBias = useBias;
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

    /// <summary>Activation of the candidate state (and of the LSTM cell on output).</summary>
    public Activation Activation { get; }

    /// <summary>Whether the layer adds a bias.</summary>
    public bool UseBias { get; }

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

    /// <summary>Fills the bias (Keras default zeros); an LSTM with unitForgetBias sets the forget gate's part to 1 instead.</summary>
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
    public override int[] ComputeOutputShape(int[] inputShape)
    {
        RequireRank(inputShape, 2, "(batch, timesteps, features)");
        return ReturnSequences ? [inputShape[0], Units] : [Units];
    }

    /// <inheritdoc />
    protected override void BuildCore(int[] inputShape, SeededRandom random)
    {
        BuildWeights(inputShape[1], random);
        _maskRandom = random.Derive();
    }

    /// <inheritdoc />
    internal override Tensor Forward(Tensor input, RecurrentCarry carry, bool training)
    {
        int batch = input.Shape[0], timesteps = input.Shape[1], features = InputShape[1];
        RequireCarry(carry, batch);
        if (!_packed)
        {
            PackWeights();
            _packed = true;
        }
        ReadOnlySpan<float> x = input.Span;
        if (GoBackwards)
        {
            var reversed = new float[input.Length];
            ReverseTime(input.Span, reversed, batch, timesteps, features);
            x = reversed;
        }
        var sequence = new float[batch * timesteps * Units];
        object? tape = null;
        if (training)
        {
            var saved = SaveForBackward<Saved>();
            saved.Batch = batch;
            saved.Timesteps = timesteps;
            tape = saved.Tape ??= CreateTape(batch, timesteps);
        }
        RunForward(x, batch, timesteps, carry, sequence, tape, training ? CreateMasks(batch, features) : null);
        if (ReturnSequences) return Tensor.From(sequence, batch, timesteps, Units);
        return Tensor.From(carry.H.ToArray(), batch, Units);
    }

    /// <inheritdoc />
    internal override Tensor Backward(Tensor outputGradient) => Backward(outputGradient, [], []);

    /// <summary>A graph call's backward: the output's gradient (null when only states were used), the final states' gradients, and the initial states' when they were inputs.</summary>
    internal override void Backward(Tensor?[] outputGradients, Tensor?[] inputGradients) =>
        inputGradients[0] = Backward(outputGradients[0], outputGradients.AsSpan(1), inputGradients.AsSpan(1));

    /// <summary>Backpropagates the last training call; fills <paramref name="initialStates"/> (as many as asked for) with d(loss)/d(initial state).</summary>
    private Tensor Backward(Tensor? outputGradient, ReadOnlySpan<Tensor?> finalStates, Span<Tensor?> initialStates)
    {
        var saved = SavedForBackward<Saved>();
        int batch = saved.Batch, timesteps = saved.Timesteps, features = InputShape[1];
        float[] dOutputs;
        if (ReturnSequences && outputGradient is not null)
        {
            dOutputs = outputGradient.Data;
        }
        else
        {
            // Only the last processed step's h is the output.
            dOutputs = new float[batch * timesteps * Units];
            for (int b = 0; outputGradient is not null && b < batch; b++)
                outputGradient.Span.Slice(b * Units, Units).CopyTo(dOutputs.AsSpan((b * timesteps + timesteps - 1) * Units, Units));
        }
        var dx = new float[batch * timesteps * features];
        float[][] dInitial = initialStates.Length == 0 ? [] : new float[initialStates.Length][];
        for (int s = 0; s < dInitial.Length; s++) dInitial[s] = new float[batch * Units];
        RunBackward(saved.Tape!, dOutputs, dx, State(finalStates, 0), State(finalStates, 1),
            dInitial.Length > 0 ? dInitial[0] : default, dInitial.Length > 1 ? dInitial[1] : default);
        for (int s = 0; s < dInitial.Length; s++) initialStates[s] = Tensor.From(dInitial[s], batch, Units);
        if (GoBackwards)
        {
            var ordered = new float[dx.Length];
            ReverseTime(dx, ordered, batch, timesteps, features);
            dx = ordered;
        }
        return Tensor.From(dx, batch, timesteps, features);
    }

    /// <summary>The gradient of final state <paramref name="index"/>, empty when that state reached no loss.</summary>
    private static ReadOnlySpan<float> State(ReadOnlySpan<Tensor?> states, int index) =>
        index < states.Length && states[index] is { } state ? state.Span : default;

    /// <summary>Marks the packed kernel weights stale after the weights were changed in place.</summary>
    internal override void OnWeightsChanged() => _packed = false;

    /// <summary>(batch, timesteps, features) copied with the timesteps of each sample in reverse order.</summary>
    internal static void ReverseTime(ReadOnlySpan<float> source, Span<float> destination, int batch, int timesteps, int features)
    {
        for (int b = 0; b < batch; b++)
            for (int t = 0; t < timesteps; t++)
                source.Slice((b * timesteps + t) * features, features)
                    .CopyTo(destination.Slice((b * timesteps + timesteps - 1 - t) * features, features));
    }

    /// <summary>Throws unless <paramref name="activation"/> is element-wise, as every recurrent cell's activations must be.</summary>
    private protected static void RequireElementWise(string type, Activation activation, string parameter)
    {
        if (activation == Activation.Softmax)
            throw new ArgumentException(
                $"{type} {parameter} 'softmax' is not supported: the {type}'s activations are element-wise, softmax normalizes over an axis.", parameter);
    }

    /// <summary>
    /// Fills <paramref name="weights"/> with the initializers in Keras' order (kernel, recurrent kernel, bias, so a seed gives the
    /// same weights as before) and wraps them as parameters with their regularizers and constraints; the bias is (G), or (2, G) with two rows.
    /// </summary>
    private protected Parameter[] CreateParameters(RecurrentWeights weights, RecurrentWeights gradients, SeededRandom random)
    {
        int features = weights.InputSize, g = weights.Gates * Units;
        KernelInitializer.Fill(weights.Kernel, [features, g], random);
        RecurrentInitializer.Fill(weights.RecurrentKernel, [Units, g], random);
        var kernel = new Parameter("kernel", [features, g], weights.Kernel, gradients.Kernel)
            { Regularizer = KernelRegularizer, Constraint = KernelConstraint };
        var recurrent = new Parameter("recurrent_kernel", [Units, g], weights.RecurrentKernel, gradients.RecurrentKernel)
            { Regularizer = RecurrentRegularizer, Constraint = RecurrentConstraint };
        if (!UseBias) return [kernel, recurrent];
        int[] biasShape = weights.BiasRows == 2 ? [2, g] : [g];
        FillBias(weights.Bias, biasShape, random);
        return [kernel, recurrent, new Parameter("bias", biasShape, weights.Bias, gradients.Bias) { Regularizer = BiasRegularizer, Constraint = BiasConstraint }];
    }

    /// <summary>Fills the bias of <paramref name="shape"/> with <see cref="BiasInitializer"/>, as Keras does for the whole weight.</summary>
    private protected virtual void FillBias(float[] bias, int[] shape, SeededRandom random) => BiasInitializer.Fill(bias, shape, random);

    /// <summary>
    /// Threads the layer's kernel splits batch rows (and weight-gradient columns) over, counting the caller, as PyTorch's
    /// <c>torch.set_num_threads</c> does for its own; 1 (the default) runs on the caller only. Every count gives the same
    /// bits: a row or a column is always computed whole by one thread. More than 1 keeps background threads until set back to 1.
    /// </summary>
    public int Threads
    {
        get => _threads;
        set
        {
            if (value < 1) throw new ArgumentOutOfRangeException(nameof(value), value, $"Layer {Label}: threads must be at least 1.");
            _threads = value;
            ApplyThreads();
        }
    }

    private int _threads = 1;

    /// <summary>Hands <see cref="Threads"/> to the kernel, if it is built (a build hands it over too).</summary>
    private protected abstract void ApplyThreads();

    /// <summary>Creates the weights for <paramref name="features"/> inputs, drawing initial values from <paramref name="random"/>.</summary>
    private protected abstract void BuildWeights(int features, SeededRandom random);

    /// <summary>Hands the current weights to the kernel (after a build or a change).</summary>
    private protected abstract void PackWeights();

    /// <summary>A kernel tape with room for (batch, timesteps), one per training call kept for backward.</summary>
    private protected abstract object CreateTape(int batch, int timesteps);

    /// <summary>Runs the kernel from <paramref name="carry"/> (checked), writing every step's h; records into <paramref name="tape"/> when given.</summary>
    private protected abstract void RunForward(ReadOnlySpan<float> x, int batch, int timesteps, RecurrentCarry carry, Span<float> sequence,
        object? tape, DropoutMasks? masks);

    /// <summary>
    /// Backpropagates through the pass recorded on <paramref name="tape"/>: adds to the parameters' gradients and writes dx (in
    /// processing order); dFinal are the final states' gradients, dInitial receive the initial states' (each empty when unused;
    /// a cell with h alone ignores the c ones).
    /// </summary>
    private protected abstract void RunBackward(object tape, ReadOnlySpan<float> dOutputs, Span<float> dx,
        ReadOnlySpan<float> dFinalH, ReadOnlySpan<float> dFinalC, Span<float> dInitialH, Span<float> dInitialC);

    /// <summary>What a training call keeps for its backward: its size and the kernel's tape (reused by later passes).</summary>
    private sealed class Saved
    {
        public int Batch, Timesteps;
        public object? Tape;
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
}
