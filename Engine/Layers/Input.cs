using LstmActors.Engine.Tensors;

namespace LstmActors.Engine.Layers;

/// <summary>
/// Keras <c>Input(shape)</c>: the per-sample shape (e.g. (timesteps, features)); with <paramref name="BatchSize"/>
/// it is Keras' <c>batch_input_shape</c>, which a stateful LSTM requires.
/// </summary>
public sealed record Input(int[] Shape, int? BatchSize = null)
{
    /// <summary>Input of the given per-sample shape, e.g. <c>new Input(3, 1)</c>.</summary>
    public Input(params int[] shape) : this(shape, null)
    {
    }

    /// <summary>The shape with the batch dimension, e.g. "(None, 3, 1)".</summary>
    public override string ToString() => Tensor.FormatWithBatch(BatchSize, Shape);
}
