using LstmActors.Engine.Tensors;

namespace LstmActors.Engine.Layers;

/// <summary>
/// Keras <c>Input(shape)</c>: the per-sample shape (e.g. (timesteps, features)); with a batch size it is Keras'
/// <c>batch_input_shape</c>, which a stateful LSTM requires. The timesteps of a sequence input may be
/// <see cref="AnyLength"/> (Keras <c>None</c>): then every batch may have its own length. It is the first thing
/// added to a <see cref="Models.Sequential"/>, or the symbolic tensor a functional <see cref="Models.Model"/> starts from.
/// </summary>
public sealed class Input : KerasTensor
{
    /// <summary>Keras <c>None</c> for the timesteps dimension: sequences of any length.</summary>
    public const int AnyLength = -1;

    /// <summary>Input of the given per-sample shape, e.g. <c>new Input(3, 1)</c>.</summary>
    public Input(params int[] shape) : this(shape, null)
    {
    }

    /// <summary>Input of the given per-sample shape and, optionally, a fixed batch size and a name (Keras' default: input_1, input_2, …).</summary>
    public Input(int[] shape, int? batchSize, string? name = null) : base(Checked(shape, batchSize), batchSize, null, 0)
    {
        Name = name;
    }

    /// <summary>Keras' InputLayer name shown by summaries ("input_1"); given by the model when not set.</summary>
    public string? Name { get; set; }

    /// <summary>The shape with the batch dimension, e.g. "(None, 3, 1)".</summary>
    public override string ToString() => Tensor.FormatWithBatch(BatchSize, Shape);

    private static int[] Checked(int[] shape, int? batchSize)
    {
        ArgumentNullException.ThrowIfNull(shape);
        bool anyLength = shape.Length == 2 && shape[0] == AnyLength;
        if (shape.Length == 0 || shape.Where((d, i) => !(anyLength && i == 0)).Any(d => d <= 0))
            throw new ArgumentException(
                $"Input shape {Tensor.FormatWithBatch(batchSize, shape)} must have positive dimensions (only the timesteps of a (timesteps, features) input may be Input.AnyLength).",
                nameof(shape));
        if (batchSize is <= 0)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Input batch size must be positive.");
        return (int[])shape.Clone();
    }
}
