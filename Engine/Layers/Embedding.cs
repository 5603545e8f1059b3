using LstmActors.Engine.Constraints;
using LstmActors.Engine.Initializers;
using LstmActors.Engine.Regularizers;
using LstmActors.Engine.Tensors;

namespace LstmActors.Engine.Layers;

/// <summary>
/// Keras <c>Embedding(input_dim, output_dim)</c>: integer ids (given as floats, cast to int as Keras casts) of shape
/// (batch, timesteps) become rows of the trainable (input_dim, output_dim) <c>embeddings</c> matrix, giving
/// (batch, timesteps, output_dim). Default initializer "uniform" (±0.05). Ids outside [0, input_dim) are refused.
/// </summary>
public sealed class Embedding : Layer
{
    private Parameter? _embeddings;

    /// <summary>Creates the layer; the initializer, regularizer and constraint are Keras names or objects (null is Keras' default).</summary>
    public Embedding(int inputDim, int outputDim, Initializer? embeddingsInitializer = null,
        Regularizer? embeddingsRegularizer = null, Regularizer? activityRegularizer = null, Constraint? embeddingsConstraint = null)
    {
        if (inputDim <= 0) throw new ArgumentOutOfRangeException(nameof(inputDim), inputDim, "Embedding inputDim (vocabulary size) must be positive.");
        if (outputDim <= 0) throw new ArgumentOutOfRangeException(nameof(outputDim), outputDim, "Embedding outputDim must be positive.");
        InputDim = inputDim;
        OutputDim = outputDim;
        EmbeddingsInitializer = embeddingsInitializer ?? new RandomUniform();
        EmbeddingsRegularizer = embeddingsRegularizer;
        ActivityRegularizer = activityRegularizer;
        EmbeddingsConstraint = embeddingsConstraint;
    }

    /// <summary>Number of distinct ids (vocabulary size).</summary>
    public int InputDim { get; }

    /// <summary>Length of each id's vector.</summary>
    public int OutputDim { get; }

    /// <summary>Fills the embeddings (Keras default "uniform", ±0.05).</summary>
    public Initializer EmbeddingsInitializer { get; }

    /// <summary>Penalty on the embeddings, or null.</summary>
    public Regularizer? EmbeddingsRegularizer { get; }

    /// <summary>Projection of the embeddings after each step, or null.</summary>
    public Constraint? EmbeddingsConstraint { get; }

    /// <inheritdoc />
    public override string TypeName => "Embedding";

    /// <inheritdoc />
    public override string NameStem => "embedding";

    /// <inheritdoc />
    public override IReadOnlyList<Parameter> Parameters => _embeddings is null ? [] : [_embeddings];

    /// <inheritdoc />
    public override int[] ComputeOutputShape(int[] inputShape) => [.. inputShape, OutputDim];

    /// <inheritdoc />
    protected override void BuildCore(int[] inputShape, SeededRandom random)
    {
        _embeddings = new Parameter("embeddings", InputDim, OutputDim) { Regularizer = EmbeddingsRegularizer, Constraint = EmbeddingsConstraint };
        EmbeddingsInitializer.Fill(_embeddings.Value, _embeddings.Shape, random);
    }

    /// <inheritdoc />
    internal override Tensor Forward(Tensor input, bool training)
    {
        var output = Tensor.Zeros([.. input.Shape, OutputDim]);
        ReadOnlySpan<float> ids = input.Span;
        Span<float> y = output.Span;
        for (int i = 0; i < ids.Length; i++)
            _embeddings!.Value.AsSpan(Id(ids, i) * OutputDim, OutputDim).CopyTo(y.Slice(i * OutputDim, OutputDim));
        if (training) SaveForBackward<Saved>().Input = input;
        return output;
    }

    /// <summary>Adds each output row's gradient to its id's row; ids have no gradient, so the input gradient is zero.</summary>
    internal override Tensor Backward(Tensor outputGradient)
    {
        var input = SavedForBackward<Saved>().Input!;
        var gradient = _embeddings!.Gradient;
        ReadOnlySpan<float> ids = input.Span, dy = outputGradient.Span;
        for (int i = 0; i < ids.Length; i++)
        {
            var row = gradient.AsSpan(Id(ids, i) * OutputDim, OutputDim);
            var dRow = dy.Slice(i * OutputDim, OutputDim);
            for (int k = 0; k < OutputDim; k++) row[k] += dRow[k];
        }
        return Tensor.Zeros(input.Shape.ToArray());
    }

    /// <summary>What a training call keeps for its backward.</summary>
    private sealed class Saved
    {
        public Tensor? Input;
    }

    private int Id(ReadOnlySpan<float> ids, int position)
    {
        int id = (int)ids[position];
        if (id < 0 || id >= InputDim)
            throw new ArgumentException($"Layer {Label}: id {ids[position]} at flat position {position} is outside [0, {InputDim}).");
        return id;
    }
}
