using LstmActors.Engine.Initializers;
using LstmActors.Engine.Regularizers;
using LstmActors.Engine.Tensors;

namespace LstmActors.Engine.Layers;

/// <summary>
/// A Keras layer: called on <see cref="KerasTensor"/>s it records a <see cref="Node"/> of a functional graph; built once
/// for an input shape (without the batch dimension), then run forward and — after a training forward — backward, which
/// adds to its parameters' gradients and returns the gradient of its input.
/// </summary>
public abstract class Layer
{
    private int[]? _inputShape;
    private int[]? _outputShape;
    private bool _built;
    private readonly List<Node> _inboundNodes = [];
    // What each training call keeps for its backward, innermost last: a layer called twice in one pass (shared)
    // is run backward in the reverse order, so its calls' records are read last in, first out.
    private readonly List<object> _saved = [];
    private int _savedDepth;

    /// <summary>Layer name as in Keras summaries (e.g. "lstm_1"); given by the model when not set.</summary>
    public string? Name { get; set; }

    /// <summary>Keras class name shown in summaries, e.g. "LSTM".</summary>
    public abstract string TypeName { get; }

    /// <summary>Keras default name stem, e.g. "lstm" (names are stem, stem_1, stem_2, … within a model).</summary>
    public abstract string NameStem { get; }

    /// <summary>Whether the layer has its weights (<see cref="Build"/> has run).</summary>
    public bool IsBuilt => _built;

    /// <summary>The input shape without batch, once built or called on a <see cref="KerasTensor"/>.</summary>
    public IReadOnlyList<int> InputShape => _inputShape ?? throw NotBuilt();

    /// <summary>The output shape without batch, once built or called on a <see cref="KerasTensor"/>.</summary>
    public IReadOnlyList<int> OutputShape => _outputShape ?? throw NotBuilt();

    /// <summary>Trainable weights in Keras order (e.g. kernel, recurrent_kernel, bias).</summary>
    public virtual IReadOnlyList<Parameter> Parameters => [];

    /// <summary>Keras <c>activity_regularizer</c>: a penalty on the layer's output added to the loss, or null.</summary>
    public Regularizer? ActivityRegularizer { get; protected init; }

    /// <summary>Number of trainable scalars.</summary>
    public int CountParams() => Parameters.Sum(p => p.Count);

    /// <summary>Keras <c>compute_output_shape</c>: the output shape (no batch) for an input shape; throws naming the layer when the input does not fit.</summary>
    public abstract int[] ComputeOutputShape(int[] inputShape);

    /// <summary>Creates the weights for <paramref name="inputShape"/> (no batch), drawing initial values from <paramref name="random"/>.</summary>
    public void Build(IReadOnlyList<int> inputShape, SeededRandom random)
    {
        if (IsBuilt)
        {
            if (!Tensor.Fits(InputShape, inputShape))
                throw new InvalidOperationException(
                    $"Layer {Label} was built for input {Tensor.FormatWithBatch(null, InputShape)} and now gets {Tensor.FormatWithBatch(null, inputShape)}.");
            return;
        }
        OutputShapeFor(inputShape.ToArray());
        BuildCore(_inputShape!, random);
        _built = true;
    }

    /// <summary>Runs the layer on a batch for inference, building it first (seed 0) if needed — like calling a Keras layer on a tensor.</summary>
    public Tensor Call(Tensor input)
    {
        BuildFor(input);
        EnsureInput(input);
        return Forward(input, training: false);
    }

    /// <summary>
    /// Keras' <c>layer(x)</c> on a symbolic tensor: records the call in the graph and returns its output (with
    /// returnState, deconstruct it for the states: <c>var (output, h, c) = lstm.Call(x)</c>). The weights are made when a
    /// <see cref="Models.Model"/> is built from the graph; calling the layer again shares them.
    /// </summary>
    public KerasTensor Call(KerasTensor input) => AddNode([input]).Outputs[0];

    /// <summary>Keras' <c>layer([a, b])</c>: a call on several symbolic tensors (e.g. <see cref="Concatenate"/>, a model with several inputs).</summary>
    public KerasTensor Call(IReadOnlyList<KerasTensor> inputs) => AddNode(inputs).Outputs[0];

    /// <summary>The calls of this layer on symbolic tensors, in order (Keras <c>_inbound_nodes</c>).</summary>
    internal IReadOnlyList<Node> InboundNodes => _inboundNodes;

    /// <summary>Keras' node index of the first call: 0, or 1 for a model (whose node 0 links its own inputs to its outputs).</summary>
    internal virtual int FirstNodeIndex => 0;

    /// <summary>Records a call on <paramref name="inputs"/> as a graph node, checking their shapes.</summary>
    private protected Node AddNode(IReadOnlyList<KerasTensor> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        for (int i = 0; i < inputs.Count; i++)
        {
            if (inputs[i] is null) throw new ArgumentNullException(nameof(inputs), $"Layer {Label}: input {i} is null.");
        }
        var node = new Node(this, inputs.ToArray(), CallShapes(inputs), FirstNodeIndex + _inboundNodes.Count);
        _inboundNodes.Add(node);
        return node;
    }

    /// <summary>The output shapes of a call on <paramref name="inputs"/>; throws naming the layer when they do not fit. One input by default.</summary>
    internal virtual int[][] CallShapes(IReadOnlyList<KerasTensor> inputs)
    {
        if (inputs.Count != 1)
            throw new ArgumentException($"Layer {Label} takes one input, got {inputs.Count}.", nameof(inputs));
        return [OutputShapeFor(inputs[0].Shape)];
    }

    /// <summary>
    /// The output shape for a call on <paramref name="inputShape"/>. The first call fixes the layer's shapes; a later one (a
    /// shared layer) must have the same rank and last axis, the features its weights are made for, and as in Keras the other
    /// axes may differ: the layer's shape then leaves them open (<see cref="Input.AnyLength"/>).
    /// </summary>
    private protected int[] OutputShapeFor(int[] inputShape)
    {
        if (_inputShape is null)
        {
            _outputShape = ComputeOutputShape(inputShape);
            _inputShape = (int[])inputShape.Clone();
            return _outputShape;
        }
        if (Tensor.Fits(_inputShape, inputShape)) return ComputeOutputShape(inputShape);
        if (inputShape.Length != _inputShape.Length || inputShape[^1] != _inputShape[^1])
            throw new ArgumentException(
                $"Layer {Label} takes input {Tensor.FormatWithBatch(null, _inputShape)} (its first call or build) and is now called on " +
                $"{Tensor.FormatWithBatch(null, inputShape)}; a shared layer keeps its rank and its last axis ({_inputShape[^1]}).");
        var output = ComputeOutputShape(inputShape);
        for (int d = 0; d < inputShape.Length - 1; d++)
        {
            if (inputShape[d] != _inputShape[d]) _inputShape[d] = Input.AnyLength;
        }
        _outputShape = ComputeOutputShape(_inputShape);
        return output;
    }

    /// <summary>Builds on first use from a tensor's shape (seed 0), leaving the timesteps of a sequence open as Keras does.</summary>
    protected void BuildFor(Tensor input)
    {
        if (IsBuilt) return;
        var shape = input.Shape.Skip(1).ToArray();
        if (shape.Length == 2) shape[0] = Input.AnyLength;
        Build(shape, new SeededRandom(0));
    }

    /// <summary>Sets the shapes and marks the layer built without <see cref="BuildCore"/> (a model, whose layers hold the weights).</summary>
    private protected void SetBuilt(int[] inputShape, int[] outputShape)
    {
        _inputShape = inputShape;
        _outputShape = outputShape;
        _built = true;
    }

    /// <summary>Runs the layer on a checked batch; with <paramref name="training"/> it keeps what <see cref="Backward(Tensor)"/> needs.</summary>
    internal abstract Tensor Forward(Tensor input, bool training);

    /// <summary>Given d(loss)/d(output) of the last training forward, adds to each parameter's gradient and returns d(loss)/d(input).</summary>
    internal abstract Tensor Backward(Tensor outputGradient);

    /// <summary>Runs one graph call: its inputs to its outputs (one each unless the layer takes or gives several).</summary>
    internal virtual void Forward(Tensor[] inputs, Tensor[] outputs, bool training) => outputs[0] = Forward(inputs[0], training);

    /// <summary>Backward of the last training graph call not yet run backward: each output's gradient (null: none) to each input's.</summary>
    internal virtual void Backward(Tensor?[] outputGradients, Tensor?[] inputGradients) =>
        inputGradients[0] = Backward(outputGradients[0] ?? throw new InvalidOperationException($"Layer {Label}: no gradient for its output."));

    /// <summary>Called after the parameters' values were changed in place (optimizer step, weights set or loaded).</summary>
    internal virtual void OnWeightsChanged()
    {
    }

    /// <summary>Drops what earlier training calls kept (a pass that failed midway); a wrapper clears its inner layers too.</summary>
    internal virtual void ClearSaved() => _savedDepth = 0;

    /// <summary>A record for this training call's backward (reused from earlier passes).</summary>
    private protected T SaveForBackward<T>() where T : class, new()
    {
        if (_savedDepth == _saved.Count) _saved.Add(new T());
        return (T)_saved[_savedDepth++];
    }

    /// <summary>The record of the latest training call not yet run backward.</summary>
    private protected T SavedForBackward<T>() where T : class
    {
        if (_savedDepth == 0) throw new InvalidOperationException($"Layer {Label}: backward without a training forward.");
        return (T)_saved[--_savedDepth];
    }

    /// <summary>Creates the weights for <paramref name="inputShape"/> (already checked by <see cref="ComputeOutputShape"/>); none by default.</summary>
    protected virtual void BuildCore(int[] inputShape, SeededRandom random)
    {
    }

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
