using LstmActors.Engine.Recurrent;
using LstmActors.Engine.Tensors;

namespace LstmActors.Engine.Layers;

/// <summary>
/// A layer that runs over timesteps from an explicit <see cref="RecurrentCarry"/> (LSTM, GRU, SimpleRNN, Bidirectional):
/// a stateful model keeps that carry between batches, an actor owns it.
/// </summary>
public abstract class RecurrentLayer : Layer
{
    private RecurrentCarry? _zeroCarry;

    /// <summary>Hidden units (H) of each carry row.</summary>
    public int Units { get; protected init; }

    /// <summary>Output every step (batch, timesteps, …) instead of the last (batch, …).</summary>
    public bool ReturnSequences { get; protected init; }

    /// <summary>Whether a functional call also returns the final states (see <see cref="CallWithState(Tensor, RecurrentCarry?)"/>).</summary>
    public bool ReturnState { get; protected init; }

    /// <summary>Whether a model keeps this layer's final carry as the next batch's initial carry.</summary>
    public bool Stateful { get; protected init; }

    /// <summary>A zero carry of this layer for <paramref name="batch"/> series.</summary>
    public abstract RecurrentCarry CreateCarry(int batch);

    /// <summary>The type of carry the layer runs from (what <see cref="CreateCarry"/> gives).</summary>
    internal abstract Type CarryType { get; }

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

    /// <summary>Runs from a zero carry (a non-stateful call).</summary>
    internal override Tensor Forward(Tensor input, bool training)
    {
        int batch = input.Shape[0];
        if (_zeroCarry is null || _zeroCarry.Batch != batch) _zeroCarry = CreateCarry(batch);
        else _zeroCarry.Reset();
        return Forward(input, _zeroCarry, training);
    }

    /// <summary>
    /// Runs over (batch, timesteps, features) from <paramref name="carry"/>, advancing it in place to the final state.
    /// In training, records for <see cref="Layer.Backward"/> and applies dropout.
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
}
