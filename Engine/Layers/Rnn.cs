using LstmActors.Engine.Activations;
using LstmActors.Engine.Initializers;
using LstmActors.Engine.Recurrent;
using LstmActors.Engine.Tensors;

namespace LstmActors.Engine.Layers;

/// <summary>
/// What Keras' recurrent layers (its <c>RNN</c> base) share: one direction over (batch, timesteps, features), goBackwards,
/// dropout masks, the last step or every step as output. Subclasses hold the weights and run their cell's kernel.
/// </summary>
public abstract class Rnn : RecurrentLayer
{
    private SeededRandom? _maskRandom;
    private bool _packed;
    private int _lastBatch, _lastTimesteps;

    /// <summary>Checks and keeps the arguments every Keras recurrent layer takes; <paramref name="type"/> names the layer in errors.</summary>
    private protected Rnn(string type, int units, Activation activation, bool useBias, bool returnSequences, bool returnState, bool stateful,
        bool goBackwards, float dropout, float recurrentDropout)
    {
        if (units <= 0) throw new ArgumentOutOfRangeException(nameof(units), units, $"{type} units must be positive.");
        if (dropout is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(dropout), dropout, $"{type} dropout must be in [0, 1).");
        if (recurrentDropout is < 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(recurrentDropout), recurrentDropout, $"{type} recurrentDropout must be in [0, 1).");
        Units = units;
        Activation = activation;
        UseBias = useBias;
        ReturnSequences = returnSequences;
        ReturnState = returnState;
        Stateful = stateful;
        GoBackwards = goBackwards;
        Dropout = dropout;
        RecurrentDropout = recurrentDropout;
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

    /// <inheritdoc />
    protected override int[] BuildCore(int[] inputShape, SeededRandom random)
    {
        RequireRank(inputShape, 2, "(batch, timesteps, features)");
        BuildWeights(inputShape[1], random);
        _maskRandom = random.Derive();
        return ReturnSequences ? [inputShape[0], Units] : [Units];
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
        RunForward(x, batch, timesteps, carry, sequence, training, training ? CreateMasks(batch, features) : null);
        if (training)
        {
            _lastBatch = batch;
            _lastTimesteps = timesteps;
        }
        if (ReturnSequences) return Tensor.From(sequence, batch, timesteps, Units);
        return Tensor.From(carry.H.ToArray(), batch, Units);
    }

    /// <inheritdoc />
    internal override Tensor Backward(Tensor outputGradient)
    {
        if (_lastBatch == 0) throw new InvalidOperationException($"Layer {Label}: backward without a training forward.");
        int batch = _lastBatch, timesteps = _lastTimesteps, features = InputShape[1];
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
        var dx = new float[batch * timesteps * features];
        RunBackward(dOutputs, dx);
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

    /// <summary>(batch, timesteps, features) copied with the timesteps of each sample in reverse order.</summary>
    internal static void ReverseTime(ReadOnlySpan<float> source, Span<float> destination, int batch, int timesteps, int features)
    {
        for (int b = 0; b < batch; b++)
            for (int t = 0; t < timesteps; t++)
                source.Slice((b * timesteps + t) * features, features)
                    .CopyTo(destination.Slice((b * timesteps + timesteps - 1 - t) * features, features));
    }

    /// <summary>Creates the weights for <paramref name="features"/> inputs, drawing initial values from <paramref name="random"/>.</summary>
    private protected abstract void BuildWeights(int features, SeededRandom random);

    /// <summary>Hands the current weights to the kernel (after a build or a change).</summary>
    private protected abstract void PackWeights();

    /// <summary>Runs the kernel from <paramref name="carry"/> (checked), writing every step's h; records for backward when <paramref name="record"/>.</summary>
    private protected abstract void RunForward(ReadOnlySpan<float> x, int batch, int timesteps, RecurrentCarry carry, Span<float> sequence,
        bool record, DropoutMasks? masks);

    /// <summary>Backpropagates through the recorded pass: sets the parameters' gradients and writes dx (in processing order).</summary>
    private protected abstract void RunBackward(ReadOnlySpan<float> dOutputs, Span<float> dx);

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
