using LstmActors.Engine.Tensors;

namespace LstmActors.Engine.Layers;

/// <summary>
/// What an LSTM call returns with Keras <c>return_state=True</c>: the output ((batch, units), or
/// (batch, timesteps, units) with returnSequences), and the final hidden and cell states, each (batch, units).
/// </summary>
public sealed record LstmResult(Tensor Output, Tensor H, Tensor C)
{
    /// <summary>Lets <c>var (output, h, c) = lstm.CallWithState(x)</c> read like Keras' <c>output, h, c = lstm(x)</c>.</summary>
    public void Deconstruct(out Tensor output, out Tensor h, out Tensor c)
    {
        output = Output;
        h = H;
        c = C;
    }
}
