using LstmActors.Engine.Initializers;
using LstmActors.Engine.Regularizers;
using LstmActors.Engine.Tensors;

namespace LstmActors.Engine.Layers;

/// <summary>
/// A Keras layer: built once for an input shape (without the batch dimension), then run forward and — after a
/// training forward — backward, which fills its parameters' gradients and returns the gradient of its input.
/// </summary>
public abstract class Layer
{
    private int[]? _inputShape;
    private int[]? _outputShape;

    /// <summary>Layer name as in Keras summaries (e.g. "lstm_1"); given by the model when not set.</summary>
    public string? Name { get; set; }

    /// <summary>Keras class name shown in summaries, e.g. "LSTM".</summary>
    public abstract string TypeName { get; }

    /// <summary>Keras default name stem, e.g. "lstm" (names are stem, stem_1, stem_2, … within a model).</summary>
    public abstract string NameStem { get; }

    /// <summary>Whether <see cref="Build"/> has run.</summary>
    public bool IsBuilt => _outputShape is not null;

    /// <summary>The input shape without batch, once built.</summary>
    public IReadOnlyList<int> InputShape => _inputShape ?? throw NotBuilt();

    /// <summary>The output shape without batch, once built.</summary>
    public IReadOnlyList<int> OutputShape => _outputShape ?? throw NotBuilt();

    /// <summary>Trainable weights in Keras order (e.g. kernel, recurrent_kernel, bias).</summary>
    public virtual IReadOnlyList<Parameter> Parameters => [];

    /// <summary>Keras <c>activity_regularizer</c>: a penalty on the layer's output added to the loss, or null.</summary>
    public Regularizer? ActivityRegularizer { get; protected init; }

    /// <summary>Number of trainable scalars.</summary>
    public int CountParams() => Parameters.Sum(p => p.Count);

    /// <summary>Creates the weights for <paramref name="inputShape"/> (no batch), drawing initial values from <paramref name="random"/>.</summary>
    public void Build(IReadOnlyList<int> inputShape, SeededRandom random)
    {
        if (IsBuilt)
        {
            if (!inputShape.SequenceEqual(InputShape))
                throw new InvalidOperationException(
                    $"Layer {Label} was built for input {Tensor.FormatWithBatch(null, InputShape)} and now gets {Tensor.FormatWithBatch(null, inputShape)}.");
            return;
        }
        _outputShape = BuildCore(inputShape.ToArray(), random);
        _inputShape = inputShape.ToArray();
    }

    /// <summary>Runs the layer on a batch for inference, building it first (seed 0) if needed — like calling a Keras layer on a tensor.</summary>
    public Tensor Call(Tensor input)
    {
        BuildFor(input);
        EnsureInput(input);
        return Forward(input, training: false);
    }

    /// <summary>Builds on first use from a tensor's shape (seed 0), leaving the timesteps of a sequence open as Keras does.</summary>
    protected void BuildFor(Tensor input)
    {
        if (IsBuilt) return;
        var shape = input.Shape.Skip(1).ToArray();
        if (shape.Length == 2) shape[0] = Input.AnyLength;
        Build(shape, new SeededRandom(0));
    }

    /// <summary>Runs the layer on a checked batch; with <paramref name="training"/> it keeps what <see cref="Backward"/> needs.</summary>
    internal abstract Tensor Forward(Tensor input, bool training);

    /// <summary>Given d(loss)/d(output) of the last training forward, sets each parameter's gradient and returns d(loss)/d(input).</summary>
    internal abstract Tensor Backward(Tensor outputGradient);

    /// <summary>Called after the parameters' values were changed in place (optimizer step, weights set or loaded).</summary>
    internal virtual void OnWeightsChanged()
    {
    }

    /// <summary>Creates the weights and returns the output shape (no batch); throws naming the layer when the input does not fit.</summary>
    protected abstract int[] BuildCore(int[] inputShape, SeededRandom random);

    /// <summary>Throws unless <paramref name="input"/> is (batch, ...InputShape).</summary>
    internal virtual void EnsureInput(Tensor input)
    {
        if (input.Rank != InputShape.Count + 1 || !Tensor.Fits(InputShape, input.Shape.Skip(1)))
            throw new ArgumentException(
                $"Layer {Label} expects input of shape {ExpectedText()}, got {input.ShapeText}.");
    }

    /// <summary>"name (Type)" for messages.</summary>
    protected string Label => $"'{Name ?? NameStem}' ({TypeName})";

    /// <summary>The expected input shape as text, naming the axes for sequences.</summary>
    protected string ExpectedText() => InputShape.Count == 2
        ? $"(batch, timesteps, features) = {Tensor.FormatWithBatch(null, InputShape)}"
        : Tensor.FormatWithBatch(null, InputShape);

    /// <summary>Throws when an input shape has the wrong rank for this layer.</summary>
    protected void RequireRank(int[] inputShape, int rankWithoutBatch, string what)
    {
        if (inputShape.Length != rankWithoutBatch)
            throw new ArgumentException(
                $"Layer {Label} needs {what} input, got {Tensor.FormatWithBatch(null, inputShape)}.");
    }

    private InvalidOperationException NotBuilt() =>
        new($"Layer {Label} is not built yet: add an Input to the model or call the layer on a tensor first.");
}
