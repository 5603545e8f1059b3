using LstmActors.Engine.Initializers;
using LstmActors.Engine.Layers;
using LstmActors.Engine.Losses;
using LstmActors.Engine.Optimizers;
using LstmActors.Engine.Recurrent;
using LstmActors.Engine.Serialization;
using LstmActors.Engine.Tensors;

namespace LstmActors.Engine.Models;

/// <summary>
/// Keras <c>Model(inputs, outputs)</c>: the functional graph of layer calls from <see cref="Input"/>s to output
/// <see cref="KerasTensor"/>s, compiled with an optimizer and a loss and trained with <see cref="Fit(Tensor, Tensor, int, int?, bool, float, IEnumerable{Callbacks.Callback}?)"/>.
/// A layer called twice shares its weights (its gradient is the sum of both calls'); a model is a layer too, so it can be
/// called inside another and shares its weights with it. Layers not built yet get their weights when the model is made,
/// in graph order, from the model's seed, which also drives shuffling and dropout. Not thread-safe.
/// </summary>
public partial class Model : Layer
{
    private readonly SeededRandom _random;
    private Input[] _inputs = [];
    private KerasTensor[] _outputs = [];
    private ModelNode[] _nodes = [];
    private Layer[] _layers = [];
    private int[] _inputSlots = [], _outputSlots = [];
    private int _slotCount;
    private RecurrentLayer[] _recurrentLayers = [];
    private (string Path, Layer Layer)[] _weightLayers = [];
    private Parameter[]? _parameters;
    private ModelCarry? _statefulCarry;

    /// <summary>A model from one input to one output (Keras <c>Model(inputs, outputs)</c>).</summary>
    public Model(Input inputs, KerasTensor outputs, string? name = null, int seed = 0) : this([inputs], [outputs], name, seed)
    {
    }

    /// <summary>A model from one input to several outputs.</summary>
    public Model(Input inputs, IReadOnlyList<KerasTensor> outputs, string? name = null, int seed = 0) : this([inputs], outputs, name, seed)
    {
    }

    /// <summary>A model from several inputs to one output.</summary>
    public Model(IReadOnlyList<Input> inputs, KerasTensor outputs, string? name = null, int seed = 0) : this(inputs, [outputs], name, seed)
    {
    }

    /// <summary>A model from several inputs to several outputs; <paramref name="name"/> null gives Keras' "model" (nested: model_1, …).</summary>
    public Model(IReadOnlyList<Input> inputs, IReadOnlyList<KerasTensor> outputs, string? name = null, int seed = 0) : this(seed, name)
    {
        SetGraph(inputs, outputs);
    }

    /// <summary>A model whose graph a subclass sets later (<see cref="Sequential"/>).</summary>
    private protected Model(int seed, string? name)
    {
        Seed = seed;
        Name = name;
        _random = new SeededRandom(seed);
    }

    /// <summary>The seed of the model's random source.</summary>
    public int Seed { get; }

    /// <summary>The layers in graph order, each once (a model called inside this one is one layer).</summary>
    public virtual IReadOnlyList<Layer> Layers => _layers;

    /// <summary>The model's inputs, in the order <see cref="Fit(IReadOnlyList{Tensor}, IReadOnlyList{Tensor}, int, int?, bool, float, IEnumerable{Callbacks.Callback}?)"/> and <see cref="Predict(IReadOnlyList{Tensor}, int?)"/> take them.</summary>
    public IReadOnlyList<Input> Inputs => _inputs;

    /// <summary>The model's outputs, in the order targets and predictions come.</summary>
    public IReadOnlyList<KerasTensor> Outputs => _outputs;

    /// <summary>
    /// The recurrent layer of each carry slot, in run order: one per call of a recurrent layer that does not take its initial
    /// state from the graph (a model inside this one adds its own). One carry each in a <see cref="ModelCarry"/>.
    /// </summary>
    public IReadOnlyList<RecurrentLayer> RecurrentLayers => _recurrentLayers;

    /// <summary>The optimizer given to <see cref="Compile(Optimizer, Loss)"/>.</summary>
    public Optimizer? Optimizer { get; private set; }

    /// <summary>The loss given to <see cref="Compile(Optimizer, Loss)"/>; with several outputs it applies to each and the losses are summed, as Keras does.</summary>
    public Loss? Loss { get; private set; }

    /// <summary>Set by a callback to end <see cref="Fit(Tensor, Tensor, int, int?, bool, float, IEnumerable{Callbacks.Callback}?)"/> after the current epoch (Keras <c>stop_training</c>).</summary>
    public bool StopTraining { get; set; }

    /// <summary>Whether any recurrent layer is stateful (then the batch size is fixed by the Input).</summary>
    public bool IsStateful => Array.Exists(_recurrentLayers, l => l.Stateful);

    /// <summary>Every trainable parameter, layer by layer in graph order, each once; the order of <see cref="GetWeights"/>.</summary>
    public override IReadOnlyList<Parameter> Parameters => _parameters ??= _weightLayers.SelectMany(w => w.Layer.Parameters).ToArray();

    /// <inheritdoc />
    public override string TypeName => "Functional";

    /// <inheritdoc />
    public override string NameStem => "model";

    /// <summary>Each layer holding weights (not a model) once, with its path ("lstm", "encoder/lstm"), in weight order.</summary>
    internal IReadOnlyList<(string Path, Layer Layer)> WeightLayers => _weightLayers;

    /// <summary>A layer used both inside a nested model and elsewhere in this one (its weights are counted once), or null.</summary>
    internal Layer? SharedAcrossModels { get; private set; }

    /// <summary>The nodes in run order.</summary>
    internal IReadOnlyList<ModelNode> Nodes => _nodes;

    /// <summary>The name used in messages and summaries.</summary>
    internal string ModelName => Name ?? NameStem;

    /// <summary>Keras' node 0 of a model links its own inputs to its outputs; its calls start at 1.</summary>
    internal override int FirstNodeIndex => 1;

    /// <summary>Keras <c>model.compile(optimizer, loss)</c>.</summary>
    public void Compile(Optimizer optimizer, Loss loss)
    {
        Optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
        Loss = loss ?? throw new ArgumentNullException(nameof(loss));
    }

    /// <summary>Keras <c>model.compile(optimizer='adam', loss='mse')</c> with default settings.</summary>
    public void Compile(string optimizer, string loss) => Compile(Optimizer.Parse(optimizer), Loss.Parse(loss));

    /// <summary>All weights as one flat array (the parameters in <see cref="Parameters"/> order) — a model version snapshot.</summary>
    public float[] GetWeights()
    {
        var flat = new float[CountParams()];
        int offset = 0;
        foreach (var p in Parameters)
        {
            p.Value.CopyTo(flat, offset);
            offset += p.Count;
        }
        return flat;
    }

    /// <summary>Sets all weights from one flat array laid out as <see cref="GetWeights"/>.</summary>
    public void SetWeights(ReadOnlySpan<float> flat)
    {
        int expected = CountParams();
        if (flat.Length != expected)
            throw new ArgumentException($"Model '{ModelName}' has {expected} weights, got {flat.Length}.", nameof(flat));
        int offset = 0;
        foreach (var p in Parameters)
        {
            flat.Slice(offset, p.Count).CopyTo(p.Value);
            offset += p.Count;
        }
        OnWeightsChanged();
    }

    /// <summary>Keras <c>reset_states()</c>: zeroes the carry a stateful model keeps between batches.</summary>
    public void ResetStates() => _statefulCarry?.Reset();

    /// <summary>A zero carry for <paramref name="batch"/> series: one per carry slot (LSTM: h, c; GRU, SimpleRNN: h); see <see cref="RecurrentLayers"/>.</summary>
    public ModelCarry CreateCarry(int batch)
    {
        RequireBuilt();
        if (_recurrentLayers.Length == 0) throw new InvalidOperationException($"Model '{ModelName}' has no recurrent layer, so no carry.");
        return new ModelCarry(_recurrentLayers.Select(l => l.CreateCarry(batch)).ToArray());
    }

    /// <summary>
    /// Advances B series by T steps in one batched call: x is (B, T, features), <paramref name="carry"/> holds the
    /// series' states (one row each) and is advanced in place; returns the model output for the batch. This is the
    /// path a stateful Keras model takes, with the state owned by the caller.
    /// </summary>
    public Tensor Advance(Tensor x, ModelCarry carry) => Single(Advance([x], carry), nameof(Advance));

    /// <summary><see cref="Advance(Tensor, ModelCarry)"/> with one tensor per input; returns one per output.</summary>
    public IReadOnlyList<Tensor> Advance(IReadOnlyList<Tensor> x, ModelCarry carry)
    {
        ArgumentNullException.ThrowIfNull(carry);
        var inputs = CheckedInputs(x);
        CheckCarry(carry, inputs[0].Shape[0]);
        return Forward(inputs, training: false, carry);
    }

    /// <summary>Keras <c>predict</c>: the output for every sample, in batches of <paramref name="batchSize"/>; a stateful model uses (and advances) its kept state.</summary>
    public Tensor Predict(Tensor x, int? batchSize = null) => Single(Predict([x], batchSize), nameof(Predict));

    /// <summary>Keras <c>predict</c> with one tensor per input; returns one tensor per output.</summary>
    public IReadOnlyList<Tensor> Predict(IReadOnlyList<Tensor> x, int? batchSize = null)
    {
        var inputs = CheckedInputs(x);
        int samples = inputs[0].Shape[0];
        int size = EffectiveBatchSize(batchSize, samples);
        var parts = new List<Tensor[]>();
        for (int start = 0; start < samples; start += size)
            parts.Add(Forward(Slice(inputs, start, Math.Min(size, samples - start)), training: false, carry: null));
        return Enumerable.Range(0, _outputs.Length).Select(o => Join(parts.Select(p => p[o]).ToList(), samples)).ToArray();
    }

    /// <summary>Saves architecture, weights, compile settings and (optionally) optimizer state in one file (replaced only once fully written); see <see cref="ModelFile"/>.</summary>
    public void Save(string path, bool includeOptimizer = true) => ModelFile.Save(this, path, includeOptimizer);

    /// <summary>Writes the model file into a stream (left open), e.g. to keep a model as bytes.</summary>
    public void Save(Stream stream, bool includeOptimizer = true) => ModelFile.Save(this, stream, includeOptimizer);

    /// <summary>Loads a model (functional or Sequential) written by <see cref="Save(string, bool)"/>.</summary>
    public static Model Load(string path) => ModelFile.Load(path);

    /// <summary>Loads a model file from a stream (left open).</summary>
    public static Model Load(Stream stream) => ModelFile.Load(stream, "model stream");

    /// <summary>Writes every weight to a NumPy .npz in Keras naming ("&lt;layer&gt;/kernel", "encoder/lstm/kernel", …), readable by <see cref="LoadWeights"/> and np.load.</summary>
    public void SaveWeights(string npzPath)
    {
        RequireBuilt();
        Npz.Write(npzPath, ModelFile.WeightArrays(this));
    }

    /// <summary>Sets every weight from a NumPy .npz in Keras or PyTorch naming; see <see cref="WeightImport"/>.</summary>
    public void LoadWeights(string npzPath) => WeightImport.LoadNpz(this, npzPath);

    /// <summary>Keras <c>summary()</c>: the layer table (name and type, output shape, parameters, and for a graph that is not a chain the "Connected to" column) and the totals.</summary>
    public string Summary() => ModelSummary.Format(this);

    /// <summary>The output shape of this model called on one input: its first output's.</summary>
    public override int[] ComputeOutputShape(int[] inputShape) => CallShapes([new Input(inputShape, null)])[0];

    /// <summary>Called on symbolic tensors: one per input, fitting its shape; gives one per output.</summary>
    internal override int[][] CallShapes(IReadOnlyList<KerasTensor> inputs)
    {
        if (!IsBuilt) EnsureInputShapes(inputs.Select(i => i.Shape).ToArray());
        if (inputs.Count != _inputs.Length)
            throw new ArgumentException(
                $"Model '{ModelName}' ({TypeName}) takes {_inputs.Length} input(s) ({InputNames()}), got {inputs.Count}.", nameof(inputs));
        for (int i = 0; i < inputs.Count; i++)
        {
            if (!Tensor.Fits(_inputs[i].Shape, inputs[i].Shape))
                throw new ArgumentException(
                    $"Model '{ModelName}' ({TypeName}): input {i} ('{_inputs[i].Name}') is {Tensor.FormatWithBatch(_inputs[i].BatchSize, _inputs[i].Shape)}, " +
                    $"called on {Tensor.FormatWithBatch(inputs[i].BatchSize, inputs[i].Shape)}.", nameof(inputs));
        }
        return _outputs.Select(o => (int[])o.Shape.Clone()).ToArray();
    }

    /// <summary>Throws unless <paramref name="input"/> fits the single input.</summary>
    internal override void EnsureInput(Tensor input) => CheckedInputs([input]);

    /// <summary>Tells every layer its weights changed in place.</summary>
    internal override void OnWeightsChanged()
    {
        foreach (var layer in Layers) layer.OnWeightsChanged();
    }

    /// <inheritdoc />
    internal override void ClearSaved()
    {
        base.ClearSaved();
        foreach (var layer in _layers) layer.ClearSaved();
    }

    /// <summary>Makes the model from its graph: finds the calls between inputs and outputs, names and builds the layers.</summary>
    private protected void SetGraph(IReadOnlyList<Input> inputs, IReadOnlyList<KerasTensor> outputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        if (inputs.Count == 0 || inputs.Any(i => i is null))
            throw new ArgumentException($"Model '{ModelName}' needs one or more Inputs (none may be null).", nameof(inputs));
        if (outputs.Count == 0 || outputs.Any(o => o is null))
            throw new ArgumentException($"Model '{ModelName}' needs one or more outputs (none may be null).", nameof(outputs));
        if (inputs.Distinct().Count() != inputs.Count)
            throw new ArgumentException($"Model '{ModelName}' lists the same Input twice.", nameof(inputs));

        var slots = new Dictionary<KerasTensor, int>();
        foreach (var input in inputs) slots[input] = slots.Count;
        var nodes = new List<Node>();
        var visited = new HashSet<Node>();
        // Depth first from the outputs, each call after the calls it reads: a function of the graph alone, so a
        // loaded model runs (and numbers its carries) in the same order.
        void Visit(KerasTensor tensor, Node? reader)
        {
            if (tensor.Node is not { } node)
            {
                if (!slots.ContainsKey(tensor)) throw Disconnected((Input)tensor, reader);
                return;
            }
            if (!visited.Add(node)) return;
            foreach (var input in node.Inputs) Visit(input, node);
            nodes.Add(node);
            foreach (var output in node.Outputs) slots[output] = slots.Count;
        }
        foreach (var output in outputs) Visit(output, null);

        var layers = new List<Layer>();
        foreach (var node in nodes)
        {
            if (!layers.Contains(node.Layer)) layers.Add(node.Layer);
        }
        NameLayers(inputs, layers);

        var recurrent = new List<RecurrentLayer>();
        var modelNodes = new ModelNode[nodes.Count];
        for (int i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            int carrySlot = -1;
            if (node.Layer is Model nested)
            {
                carrySlot = recurrent.Count;
                recurrent.AddRange(nested.RecurrentLayers);
            }
            else if (node.Layer is RecurrentLayer layer && node.Inputs.Length == 1)
            {
                carrySlot = recurrent.Count;
                recurrent.Add(layer);
            }
            modelNodes[i] = new ModelNode(node, node.Inputs.Select(t => slots[t]).ToArray(), node.Outputs.Select(t => slots[t]).ToArray(), carrySlot);
        }
        if (recurrent.Find(l => l.Stateful) is { } stateful && inputs[0].BatchSize is null)
            throw new InvalidOperationException(
                $"Stateful {stateful.TypeName} '{stateful.Name}' needs a fixed batch size: give the Input one, new Input(shape, batchSize) (Keras batch_input_shape).");

        foreach (var node in nodes)
        {
            if (!node.Layer.IsBuilt) node.Layer.Build(node.Layer.InputShape, _random);
        }

        var weightLayers = new List<(string, Layer)>();
        Layer? sharedAcross = null;
        foreach (var layer in layers)
        {
            IEnumerable<(string Path, Layer Layer)> owned = layer is Model nested
                ? nested._weightLayers.Select(w => ($"{layer.Name}/{w.Path}", w.Layer))
                : [(layer.Name!, layer)];
            foreach (var (path, owner) in owned)
            {
                // Layers are distinct, so meeting one again means it also sits inside a nested model.
                if (weightLayers.Exists(w => w.Item2 == owner)) sharedAcross ??= owner;
                else weightLayers.Add((path, owner));
            }
        }

        _inputs = inputs.ToArray();
        _outputs = outputs.ToArray();
        _nodes = modelNodes;
        _layers = layers.ToArray();
        _slotCount = slots.Count;
        _inputSlots = _inputs.Select(i => slots[i]).ToArray();
        _outputSlots = _outputs.Select(o => slots[o]).ToArray();
        _recurrentLayers = recurrent.ToArray();
        _weightLayers = weightLayers.ToArray();
        SharedAcrossModels = sharedAcross ?? (layers.OfType<Model>().FirstOrDefault(m => m.SharedAcrossModels is not null)?.SharedAcrossModels);
        _parameters = null;
        _statefulCarry = null;
        SetBuilt((int[])_inputs[0].Shape.Clone(), (int[])_outputs[0].Shape.Clone());
    }

    /// <summary>Builds an unbuilt model from the shapes it is first given when it can (a <see cref="Sequential"/> without an Input); others throw.</summary>
    private protected virtual void EnsureInputShapes(IReadOnlyList<int[]> shapes) => RequireBuilt();

    /// <summary>Throws unless built.</summary>
    private protected void RequireBuilt()
    {
        if (!IsBuilt)
            throw new InvalidOperationException($"Model '{ModelName}' is not built: add an Input first or pass data to Fit/Predict.");
    }

    /// <summary>Keras' default names for unnamed layers and inputs (stem, stem_1, …; input_1, input_2, …), each unique in the model.</summary>
    private void NameLayers(IReadOnlyList<Input> inputs, List<Layer> layers)
    {
        var taken = new Dictionary<string, string>(StringComparer.Ordinal);
        void Take(string name, string what)
        {
            if (!taken.TryAdd(name, what))
                throw new ArgumentException(
                    $"Model '{ModelName}' has two layers named '{name}' ({taken[name]} and {what}); names are unique in a model, so set Name on one.");
        }
        foreach (var input in inputs.Where(i => i.Name is not null)) Take(input.Name!, "InputLayer");
        foreach (var layer in layers.Where(l => l.Name is not null)) Take(layer.Name!, layer.TypeName);
        string Next(string stem, int first)
        {
            for (int n = first; ; n++)
            {
                string name = n == 0 ? stem : $"{stem}_{n}";
                if (!taken.ContainsKey(name)) return name;
            }
        }
        foreach (var input in inputs.Where(i => i.Name is null))
        {
            input.Name = Next("input", 1);
            Take(input.Name, "InputLayer");
        }
        foreach (var layer in layers.Where(l => l.Name is null))
        {
            layer.Name = Next(layer.NameStem, 0);
            Take(layer.Name, layer.TypeName);
        }
        // An unnamed model holding unnamed models comes after them, as Keras' global names do (model, model_1, then model_2).
        if (Name is null && taken.ContainsKey(NameStem)) Name = Next(NameStem, 0);
    }

    private ArgumentException Disconnected(Input input, Node? reader)
    {
        string where = reader is null ? "An output is" : $"Layer '{reader.Layer.Name ?? reader.Layer.NameStem}' ({reader.Layer.TypeName}) reads";
        return new ArgumentException(
            $"Model '{ModelName}': {where} Input {(input.Name is null ? "" : $"'{input.Name}' ")}{input}, which is not among the model's inputs, " +
            "so the outputs are not reachable from the inputs (Keras: graph disconnected); list that Input in the model's inputs.");
    }

    private string InputNames() => string.Join(", ", _inputs.Select(i => i.Name));

    /// <summary>The name of each output: the layer that makes it (Keras names output losses so), or the Input it is.</summary>
    internal string OutputName(int index) => _outputs[index] is Input input ? input.Name! : _outputs[index].Node!.Layer.Name!;

    private Tensor Single(IReadOnlyList<Tensor> outputs, string method) => outputs.Count == 1
        ? outputs[0]
        : throw new InvalidOperationException(
            $"Model '{ModelName}' has {outputs.Count} outputs; call {method} with a list of inputs, which returns one tensor per output.");

    private static Tensor[] Slice(Tensor[] tensors, int start, int count) => tensors.Select(t => t.Slice(start, count)).ToArray();

    private static Tensor Join(List<Tensor> parts, int samples)
    {
        if (parts.Count == 1) return parts[0];
        var shape = parts[0].Shape.ToArray();
        shape[0] = samples;
        var data = new float[parts.Sum(p => p.Length)];
        int offset = 0;
        foreach (var part in parts)
        {
            part.Span.CopyTo(data.AsSpan(offset));
            offset += part.Length;
        }
        return Tensor.From(data, shape);
    }
}
