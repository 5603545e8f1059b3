using LstmActors.Engine.Recurrent;
using LstmActors.Engine.Tensors;

namespace LstmActors.Engine.Layers;

/// <summary>
/// A layer that runs over timesteps from an explicit <see cref="RecurrentCarry"/> (LSTM, GRU, SimpleRNN, Bidirectional):
/// a stateful model keeps that carry between batches, an actor owns it, a functional graph may give it as initial state.
/// </summary>
public abstract class RecurrentLayer : Layer
{
    private RecurrentCarry? _scratch;

    /// <summary>Hidden units (H) of each carry row.</summary>
    public int Units { get; protected init; }

    /// <summary>Output every step (batch, timesteps, …) instead of the last (batch, …).</summary>
    public bool ReturnSequences { get; protected init; }

    /// <summary>Whether a call also returns the final states (see <see cref="CallWithState(Tensor, RecurrentCarry?)"/>, <see cref="Call(KerasTensor, IReadOnlyList{KerasTensor}?)"/>).</summary>
    public bool ReturnState { get; protected init; }

    /// <summary>Whether a model keeps this layer's final carry as the next batch's initial carry.</summary>
    public bool Stateful { get; protected init; }

    /// <summary>A zero carry of this layer for <paramref name="batch"/> series.</summary>
    public abstract RecurrentCarry CreateCarry(int batch);

    /// <summary>The type of carry the layer runs from (what <see cref="CreateCarry"/> gives).</summary>
    internal abstract Type CarryType { get; }

    /// <summary>States in the carry (LSTM: h, c; GRU, SimpleRNN: h).</summary>
    internal virtual int StateCount => 1;

    /// <summary>
    /// Keras' <c>output, *states = layer(x, initial_state=…)</c>: runs on (batch, timesteps, features) from
    /// <paramref name="initialState"/> (zeros when null; not modified) and returns the output and every final state.
    /// </summary>
    public RecurrentResult CallWithState(Tensor input, RecurrentCarry? initialState = null)
    {
        BuildFor(input);
        EnsureInput(input);
        int batch = input.Shape[0];
        var carry = initialState?.Clone() ?? CreateCarry(batch);
        var output = Forward(input, carry, training: false);
        return new RecurrentResult(output, carry.States.Select(s => Tensor.From(s.ToArray(), batch, Units)).ToArray());
    }

    /// <summary>
    /// Keras' <c>layer(x, initial_state=[h, c])</c> in a functional graph: starts from the given state tensors (LSTM: h, c;
    /// GRU, SimpleRNN: h; each (batch, units)) instead of zeros, and gradients flow into them. With returnState the call
    /// also gives the final states: <c>var (output, h, c) = lstm.Call(x, [h0, c0])</c>.
    /// </summary>
    public KerasTensor Call(KerasTensor input, IReadOnlyList<KerasTensor>? initialState = null) =>
        AddNode([input, .. initialState ?? []]).Outputs[0];

    /// <summary>The input first, then the initial states; the output, then the final states with returnState.</summary>
    internal override int[][] CallShapes(IReadOnlyList<KerasTensor> inputs)
    {
        if (inputs.Count == 0) throw new ArgumentException($"Layer {Label} needs an input.", nameof(inputs));
        var output = OutputShapeFor(inputs[0].Shape);
        int states = inputs.Count - 1;
        if (states > 0 || ReturnState) RequireGraphStates();
        if (states > 0 && states != StateCount)
            throw new ArgumentException($"Layer {Label} takes {StateCount} initial state tensor(s), got {states}.", nameof(inputs));
        if (states > 0 && Stateful)
            throw new ArgumentException($"Layer {Label} is stateful: it starts from the state it kept, so it takes no initialState.", nameof(inputs));
        for (int s = 1; s < inputs.Count; s++)
        {
            if (inputs[s].Shape is not [var units] || units != Units)
                throw new ArgumentException(
                    $"Layer {Label}: initialState[{s - 1}] has shape {Tensor.FormatWithBatch(inputs[s].BatchSize, inputs[s].Shape)}, " +
                    $"the layer's {Units} units need (batch, {Units}).", nameof(inputs));
        }
        return ReturnState ? [output, .. Enumerable.Range(0, StateCount).Select(_ => new[] { Units })] : [output];
    }

    /// <summary>Throws when the layer cannot take or give states as graph tensors.</summary>
    private protected virtual void RequireGraphStates()
    {
    }

    /// <summary>Runs from a zero carry (a non-stateful call).</summary>
    internal override Tensor Forward(Tensor input, bool training)
    {
        var carry = Scratch(input.Shape[0]);
        carry.Reset();
        return Forward(input, carry, training);
    }

    /// <inheritdoc />
    internal override void Forward(Tensor[] inputs, Tensor[] outputs, bool training) => Forward(inputs, outputs, training, carry: null);

    /// <summary>
    /// One graph call: from <paramref name="carry"/> (a model's kept or given state; advanced in place), else from the
    /// initial-state inputs, else from zeros; outputs the output and, with returnState, the final states.
    /// </summary>
    internal void Forward(Tensor[] inputs, Tensor[] outputs, bool training, RecurrentCarry? carry)
    {
        var x = inputs[0];
        int batch = x.Shape[0];
        if (carry is null)
        {
            carry = Scratch(batch);
            carry.Reset();
            for (int s = 1; s < inputs.Length; s++) inputs[s].Span.CopyTo(carry.States[s - 1]);
        }
        outputs[0] = Forward(x, carry, training);
        for (int s = 1; s < outputs.Length; s++) outputs[s] = Tensor.From(carry.States[s - 1].ToArray(), batch, Units);
    }

    /// <summary>
    /// Runs over (batch, timesteps, features) from <paramref name="carry"/>, advancing it in place to the final state.
    /// In training, records for <see cref="Layer.Backward(Tensor)"/> and applies dropout.
    /// </summary>
    internal abstract Tensor Forward(Tensor input, RecurrentCarry carry, bool training);

    /// <summary>Throws unless <paramref name="carry"/> is this layer's kind of carry for <paramref name="batch"/> rows of its units.</summary>
    private protected void RequireCarry(RecurrentCarry carry, int batch)
    {
        ArgumentNullException.ThrowIfNull(carry);
        if (carry.GetType() != CarryType || carry.Batch != batch || carry.Units != Units)
            throw new ArgumentException(
                $"Layer {Label}: carry is {carry.GetType().Name} (batch {carry.Batch}, units {carry.Units}), " +
                $"the input needs {CarryType.Name} (batch {batch}, units {Units}).");
    }

    /// <summary>A carry reused between calls that start from zeros or from given states.</summary>
    private RecurrentCarry Scratch(int batch)
    {
        if (_scratch is null || _scratch.Batch != batch) _scratch = CreateCarry(batch);
        return _scratch;
    }
}
