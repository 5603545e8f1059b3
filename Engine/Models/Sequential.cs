using LstmActors.Engine.Layers;
using LstmActors.Engine.Serialization;

namespace LstmActors.Engine.Models;

/// <summary>
/// Keras <c>Sequential</c>: a stack of layers built from an <see cref="Layers.Input"/> — a <see cref="Model"/> whose graph
/// is a chain, each layer called on the previous one's output — compiled with an optimizer and a loss, trained with
/// <see cref="Model.Fit(Tensors.Tensor, Tensors.Tensor, int, int?, bool, float, IEnumerable{Callbacks.Callback}?)"/>. Every
/// random choice (initial weights, shuffling, dropout) comes from the model's seed, so the same seed gives the same
/// model and the same run. Not thread-safe: one model per thread of use.
/// </summary>
public sealed class Sequential : Model
{
    private readonly List<Layer> _layers = [];
    private readonly Dictionary<string, int> _nameCounts = new(StringComparer.Ordinal);
    private Lstm[] _lstmLayers = [];
    private KerasTensor? _output;
    private int _called;

    /// <summary>An empty model; <paramref name="seed"/> drives every random choice it makes.</summary>
    public Sequential(int seed = 0, string name = "sequential") : base(seed, name)
    {
    }

    /// <summary>The layers in order.</summary>
    public override IReadOnlyList<Layer> Layers => _layers;

    /// <summary>The LSTM layers in order.</summary>
    public IReadOnlyList<Lstm> LstmLayers => _lstmLayers;

    /// <summary>The model input, once known (added, or taken from the first data seen).</summary>
    public Input? Input { get; private set; }

    /// <inheritdoc />
    public override string TypeName => "Sequential";

    /// <inheritdoc />
    public override string NameStem => "sequential";

    /// <summary>Keras <c>model.add(Input(shape))</c>: fixes the input shape; must come first.</summary>
    public Sequential Add(Input input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (Input is not null || _layers.Count > 0)
            throw new InvalidOperationException($"Model '{ModelName}' already has an input or layers; the Input must be added first.");
        Input = input;
        Connect();
        return this;
    }

    /// <summary>Keras <c>model.add(layer)</c>: appends and builds the layer on the previous output shape.</summary>
    public Sequential Add(Layer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (_layers.Contains(layer)) throw new ArgumentException($"Layer '{layer.Name}' is already in model '{ModelName}'.", nameof(layer));
        if (layer is RecurrentLayer { ReturnState: true })
            throw new ArgumentException(
                $"A {layer.TypeName} with returnState gives the output and its states and cannot be a Sequential layer; call it with CallWithState.",
                nameof(layer));
        if (layer is Bidirectional { MergeMode: null })
            throw new ArgumentException(
                "A Bidirectional with mergeMode null gives two outputs and cannot be a Sequential layer; call it with CallSeparately.", nameof(layer));
        layer.Name ??= NextName(layer.NameStem);
        _layers.Add(layer);
        _lstmLayers = _layers.OfType<Lstm>().ToArray();
        if (Input is not null) Connect();
        return this;
    }

    /// <summary>Loads a Sequential written by <see cref="Model.Save(string, bool)"/>.</summary>
    public static new Sequential Load(string path) => AsSequential(ModelFile.Load(path), path);

    /// <summary>Loads a Sequential model file from a stream (left open).</summary>
    public static new Sequential Load(Stream stream) => AsSequential(ModelFile.Load(stream, "model stream"), "model stream");

    /// <summary>Builds the model from the first data seen when no Input was added (Keras deferred build).</summary>
    private protected override void EnsureInputShapes(IReadOnlyList<int[]> shapes)
    {
        if (Input is null)
        {
            if (shapes.Count != 1) throw new ArgumentException($"Model '{ModelName}' takes one input, got {shapes.Count}.");
            Input = new Input(shapes[0], null);
            Connect();
        }
        RequireBuilt();
    }

    /// <summary>Calls each layer not yet in the chain on the chain's output, then makes the graph (building new layers).</summary>
    private void Connect()
    {
        _output ??= Input;
        for (; _called < _layers.Count; _called++) _output = _layers[_called].Call(_output!);
        SetGraph([Input!], [_output!]);
    }

    private static Sequential AsSequential(Model model, string source) => model as Sequential
        ?? throw new InvalidDataException($"{source} holds functional model '{model.ModelName}', not a Sequential; load it with Model.Load.");

    private string NextName(string stem)
    {
        int count = _nameCounts.GetValueOrDefault(stem);
        _nameCounts[stem] = count + 1;
        return count == 0 ? stem : $"{stem}_{count}";
    }
}
