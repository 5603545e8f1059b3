using LstmActors.Engine.Tensors;

namespace LstmActors.Engine.Layers;

/// <summary>
/// What a recurrent layer returns with Keras <c>return_state=True</c>: the output and its final states, each (batch, units)
/// (GRU and SimpleRNN: h; LSTM: h, c; Bidirectional: the forward layer's states, then the backward layer's).
/// </summary>
public sealed class RecurrentResult
{
    /// <summary>Wraps the output and the final states.</summary>
    public RecurrentResult(Tensor output, IReadOnlyList<Tensor> states)
    {
        Output = output;
        States = states;
    }

    /// <summary>(batch, units), or (batch, timesteps, units) with returnSequences (Bidirectional: its merged width).</summary>
    public Tensor Output { get; }

    /// <summary>The final states in Keras' order, (batch, units) each.</summary>
    public IReadOnlyList<Tensor> States { get; }

    /// <summary>Lets <c>var (output, h) = gru.CallWithState(x)</c> read like Keras' <c>output, h = gru(x)</c>.</summary>
    public void Deconstruct(out Tensor output, out Tensor h)
    {
        output = Output;
        h = States[0];
    }
}
