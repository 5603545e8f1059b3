using System.Numerics.Tensors;
using Tensor = LstmActors.Engine.Tensors.Tensor;
using LstmActors.Engine.Initializers;
using LstmActors.Engine.Recurrent;
using LstmActors.Engine.Serialization;

namespace LstmActors.Engine.Layers;

/// <summary>
/// Keras <c>Bidirectional(layer, merge_mode)</c>: the layer reads the sequence forward, a copy of it with goBackwards flipped
/// reads it backward (its sequence output turned back into input order), and the two outputs are merged: "concat" (the default),
/// "sum", "mul", "ave", or null to keep them apart (<see cref="CallSeparately"/>; not a Sequential layer then).
/// </summary>
public sealed class Bidirectional : RecurrentLayer
{
    private static readonly string?[] MergeModes = ["concat", "sum", "mul", "ave", null];
    private Parameter[] _parameters = [];

    /// <summary>Wraps <paramref name="layer"/> (the forward direction); the backward direction is a copy with goBackwards flipped.</summary>
    public Bidirectional(Rnn layer, string? mergeMode = "concat")
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (!MergeModes.Contains(mergeMode))
            throw new ArgumentException($"Bidirectional mergeMode '{mergeMode}' is not one of concat, sum, mul, ave or null.", nameof(mergeMode));
        if (layer.IsBuilt) throw new ArgumentException($"Bidirectional needs an unbuilt layer; '{layer.Name}' is already built.", nameof(layer));
        // The model applies activity regularizers to its own layers' outputs, never to a wrapped layer's.
        if (layer.ActivityRegularizer is not null)
            throw new ArgumentException("Bidirectional does not support a wrapped layer with an activityRegularizer.", nameof(layer));
        ForwardLayer = layer;
        BackwardLayer = (Rnn)LayerConfig.WithGoBackwardsFlipped(layer);
        MergeMode = mergeMode;
        Units = layer.Units;
        ReturnSequences = layer.ReturnSequences;
        ReturnState = layer.ReturnState;
        Stateful = layer.Stateful;
    }

    /// <summary>The layer reading first to last (Keras <c>forward_layer</c>).</summary>
    public Rnn ForwardLayer { get; }

    /// <summary>The layer reading last to first (Keras <c>backward_layer</c>).</summary>
    public Rnn BackwardLayer { get; }

    /// <summary>"concat", "sum", "mul", "ave", or null for the two outputs apart.</summary>
    public string? MergeMode { get; }

    /// <inheritdoc />
    public override string TypeName => "Bidirectional";

    /// <inheritdoc />
    public override string NameStem => "bidirectional";

    /// <inheritdoc />
    public override IReadOnlyList<Parameter> Parameters => _parameters;

    /// <inheritdoc />
    public override RecurrentCarry CreateCarry(int batch) => new BidirectionalCarry(ForwardLayer.CreateCarry(batch), BackwardLayer.CreateCarry(batch));

    internal override Type CarryType => typeof(BidirectionalCarry);

    internal override int StateCount => 2 * ForwardLayer.StateCount;

    /// <summary>Keras <c>merge_mode=None</c>: the forward and backward outputs (the backward sequence in input order), from zero carries.</summary>
    public (Tensor Forward, Tensor Backward) CallSeparately(Tensor input)
    {
        BuildFor(input);
        EnsureInput(input);
        var carry = (BidirectionalCarry)CreateCarry(input.Shape[0]);
        return (ForwardLayer.Forward(input, carry.Forward, training: false), InInputOrder(BackwardLayer.Forward(input, carry.Backward, training: false)));
    }

    /// <inheritdoc />
    public override int[] ComputeOutputShape(int[] inputShape)
    {
        RequireRank(inputShape, 2, "(batch, timesteps, features)");
        int width = MergeMode == "concat" ? 2 * Units : Units;
        return ReturnSequences ? [inputShape[0], width] : [width];
    }

    /// <inheritdoc />
    protected override void BuildCore(int[] inputShape, SeededRandom random)
    {
        ForwardLayer.Name ??= "forward_" + ForwardLayer.NameStem;
        BackwardLayer.Name ??= "backward_" + BackwardLayer.NameStem;
        ForwardLayer.Build(inputShape, random);
        BackwardLayer.Build(inputShape, random);
        _parameters = [.. Named(ForwardLayer), .. Named(BackwardLayer)];
    }

    /// <summary>In a functional graph a Bidirectional gives its merged output only: its states stay inside (use <see cref="RecurrentLayer.CallWithState(Tensor, RecurrentCarry?)"/>).</summary>
    private protected override void RequireGraphStates() =>
        throw new NotSupportedException(
            $"Layer {Label}: a Bidirectional in a functional model neither takes initialState nor gives its states (returnState); use CallWithState on tensors.");

    /// <summary>mergeMode null gives two outputs, which a graph call does not take apart.</summary>
    internal override int[][] CallShapes(IReadOnlyList<KerasTensor> inputs)
    {
        if (MergeMode is null)
            throw new NotSupportedException($"Layer {Label} has mergeMode null and gives two outputs; in a functional model give it a mergeMode, or call CallSeparately on tensors.");
        return base.CallShapes(inputs);
    }

    /// <inheritdoc />
    internal override Tensor Forward(Tensor input, RecurrentCarry carry, bool training)
    {
        if (MergeMode is null)
            throw new InvalidOperationException($"Layer {Label} has mergeMode null: its two outputs are read with CallSeparately.");
        RequireCarry(carry, input.Shape[0]);
        var both = (BidirectionalCarry)carry;
        var forward = ForwardLayer.Forward(input, both.Forward, training);
        var backward = InInputOrder(BackwardLayer.Forward(input, both.Backward, training));
        if (training)
        {
            var saved = SaveForBackward<Saved>();
            saved.Forward = forward;
            saved.Backward = backward;
        }
        return Merge(forward, backward);
    }

    /// <inheritdoc />
    internal override Tensor Backward(Tensor outputGradient)
    {
        var saved = SavedForBackward<Saved>();
        var (dForward, dBackward) = Split(outputGradient, saved.Forward!, saved.Backward!);
        var dx = ForwardLayer.Backward(dForward);
        var dxBackward = BackwardLayer.Backward(InInputOrder(dBackward));
        TensorPrimitives.Add(dx.Span, dxBackward.Span, dx.Data);
        return dx;
    }

    /// <inheritdoc />
    internal override void ClearSaved()
    {
        base.ClearSaved();
        ForwardLayer.ClearSaved();
        BackwardLayer.ClearSaved();
    }

    /// <inheritdoc />
    internal override void OnWeightsChanged()
    {
        ForwardLayer.OnWeightsChanged();
        BackwardLayer.OnWeightsChanged();
    }

    /// <summary>The inner layer's parameters under "forward_lstm/kernel"-style names, sharing their arrays, regularizers and constraints.</summary>
    private static IEnumerable<Parameter> Named(Rnn layer) =>
        layer.Parameters.Select(p => new Parameter($"{layer.Name}/{p.Name}", p.Shape, p.Value, p.Gradient)
            { Regularizer = p.Regularizer, Constraint = p.Constraint });

    /// <summary>A backward sequence output (processing order) turned into input order; a last-step output as it is.</summary>
    private Tensor InInputOrder(Tensor output)
    {
        if (!ReturnSequences) return output;
        var ordered = new float[output.Length];
        Rnn.ReverseTime(output.Span, ordered, output.Shape[0], output.Shape[1], output.Shape[2]);
        return Tensor.From(ordered, output.Shape.ToArray());
    }

    private Tensor Merge(Tensor forward, Tensor backward)
    {
        if (MergeMode == "concat") return Concatenate(forward, backward);
        var merged = new float[forward.Length];
        switch (MergeMode)
        {
            case "sum": TensorPrimitives.Add(forward.Span, backward.Span, merged); break;
            case "mul": TensorPrimitives.Multiply(forward.Span, backward.Span, merged); break;
            default:
                TensorPrimitives.Add(forward.Span, backward.Span, merged);
                TensorPrimitives.Multiply(merged, 0.5f, merged);
                break;
        }
        return Tensor.From(merged, forward.Shape.ToArray());
    }

    private (Tensor Forward, Tensor Backward) Split(Tensor gradient, Tensor forward, Tensor backward)
    {
        var shape = forward.Shape.ToArray();
        var dForward = new float[forward.Length];
        var dBackward = new float[backward.Length];
        switch (MergeMode)
        {
            case "concat":
                for (int row = 0; row < forward.Length / Units; row++)
                {
                    gradient.Span.Slice(2 * row * Units, Units).CopyTo(dForward.AsSpan(row * Units));
                    gradient.Span.Slice((2 * row + 1) * Units, Units).CopyTo(dBackward.AsSpan(row * Units));
                }
                break;
            case "sum":
                gradient.Span.CopyTo(dForward);
                gradient.Span.CopyTo(dBackward);
                break;
            case "mul":
                TensorPrimitives.Multiply(gradient.Span, backward.Span, dForward);
                TensorPrimitives.Multiply(gradient.Span, forward.Span, dBackward);
                break;
            default:
                TensorPrimitives.Multiply(gradient.Span, 0.5f, dForward);
                dForward.CopyTo(dBackward, 0);
                break;
        }
        return (Tensor.From(dForward, shape), Tensor.From(dBackward, shape));
    }

    /// <summary>What a training call keeps for its backward: the two directions' outputs (the backward one in input order).</summary>
    private sealed class Saved
    {
        public Tensor? Forward, Backward;
    }

    private Tensor Concatenate(Tensor forward, Tensor backward)
    {
        var shape = forward.Shape.ToArray();
        shape[^1] = 2 * Units;
        var data = new float[2 * forward.Length];
        for (int row = 0; row < forward.Length / Units; row++)
        {
            forward.Span.Slice(row * Units, Units).CopyTo(data.AsSpan(2 * row * Units));
            backward.Span.Slice(row * Units, Units).CopyTo(data.AsSpan((2 * row + 1) * Units));
        }
        return Tensor.From(data, shape);
    }
}
