using LstmActors.Engine.Initializers;
using LstmActors.Engine.Layers;
using LstmActors.Engine.Losses;
using LstmActors.Engine.Optimizers;
using LstmActors.Engine.Recurrent;
using LstmActors.Engine.Serialization;
using LstmActors.Engine.Tensors;

namespace LstmActors.Engine.Models;

/// <summary>
/// Keras <c>Sequential</c>: a stack of layers built from an <see cref="Layers.Input"/>, compiled with an optimizer and a
/// loss, trained with <see cref="Fit"/>. Every random choice (initial weights, shuffling, dropout) comes from the
/// model's seed, so the same seed gives the same model and the same run. Not thread-safe: one model per thread of use.
/// </summary>
public sealed partial class Sequential
{
    private readonly List<Layer> _layers = [];
    private readonly SeededRandom _random;
    private readonly Dictionary<string, int> _nameCounts = new(StringComparer.Ordinal);
    private ModelCarry? _statefulCarry;
    private Parameter[]? _parameters;
    private Lstm[] _lstmLayers = [];
    private RecurrentLayer[] _recurrentLayers = [];
    private Tensor?[] _layerOutputs = [];
    private double _activityPenalty;

    /// <summary>An empty model; <paramref name="seed"/> drives every random choice it makes.</summary>
    public Sequential(int seed = 0, string name = "sequential")
    {
        Seed = seed;
        Name = name;
        _random = new SeededRandom(seed);
    }

    /// <summary>Model name shown by <see cref="Summary"/>.</summary>
    public string Name { get; }

    /// <summary>The seed of the model's random source.</summary>
    public int Seed { get; }

    /// <summary>The layers in order.</summary>
    public IReadOnlyList<Layer> Layers => _layers;

    /// <summary>The LSTM layers in order.</summary>
    public IReadOnlyList<Lstm> LstmLayers => _lstmLayers;

    /// <summary>The recurrent layers (LSTM, GRU, SimpleRNN, Bidirectional) in order: one carry each in a <see cref="ModelCarry"/>.</summary>
    public IReadOnlyList<RecurrentLayer> RecurrentLayers => _recurrentLayers;

    /// <summary>The model input, once known (added, or taken from the first data seen).</summary>
    public Input? Input { get; private set; }

    /// <summary>The optimizer given to <see cref="Compile(Optimizer, Loss)"/>.</summary>
    public Optimizer? Optimizer { get; private set; }

    /// <summary>The loss given to <see cref="Compile(Optimizer, Loss)"/>.</summary>
    public Loss? Loss { get; private set; }

    /// <summary>Set by a callback to end <see cref="Fit"/> after the current epoch (Keras <c>stop_training</c>).</summary>
    public bool StopTraining { get; set; }

    /// <summary>Whether any recurrent layer is stateful (then the batch size is fixed by the Input).</summary>
    public bool IsStateful => Array.Exists(_recurrentLayers, l => l.Stateful);

    /// <summary>Whether every layer has its weights.</summary>
    public bool IsBuilt => Input is not null && _layers.All(l => l.IsBuilt);

    /// <summary>The output shape without batch.</summary>
    public IReadOnlyList<int> OutputShape => _layers.Count == 0
        ? Input?.Shape ?? throw new InvalidOperationException($"Model '{Name}' has no input yet.")
        : _layers[^1].OutputShape;

    /// <summary>Every trainable parameter, layer by layer in Keras order; the order of <see cref="GetWeights"/>.</summary>
    public IReadOnlyList<Parameter> Parameters => _parameters ??= _layers.SelectMany(l => l.Parameters).ToArray();

    /// <summary>Keras <c>model.add(Input(shape))</c>: fixes the input shape; must come first.</summary>
    public Sequential Add(Input input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (Input is not null || _layers.Count > 0)
            throw new InvalidOperationException($"Model '{Name}' already has an input or layers; the Input must be added first.");
        Input = input;
        return this;
    }

    /// <summary>Keras <c>model.add(layer)</c>: appends and builds the layer on the previous output shape.</summary>
    public Sequential Add(Layer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (_layers.Contains(layer)) throw new ArgumentException($"Layer '{layer.Name}' is already in model '{Name}'.", nameof(layer));
        if (layer is RecurrentLayer { ReturnState: true })
            throw new ArgumentException(
                $"A {layer.TypeName} with returnState gives the output and its states and cannot be a Sequential layer; call it with CallWithState.",
                nameof(layer));
        if (layer is Bidirectional { MergeMode: null })
            throw new ArgumentException(
                "A Bidirectional with mergeMode null gives two outputs and cannot be a Sequential layer; call it with CallSeparately.", nameof(layer));
        layer.Name ??= NextName(layer.NameStem);
        _layers.Add(layer);
        _layerOutputs = new Tensor?[_layers.Count];
        _parameters = null;
        _lstmLayers = _layers.OfType<Lstm>().ToArray();
        _recurrentLayers = _layers.OfType<RecurrentLayer>().ToArray();
        if (Input is not null) BuildLayers();
        return this;
    }

    /// <summary>Keras <c>model.compile(optimizer, loss)</c>.</summary>
    public void Compile(Optimizer optimizer, Loss loss)
    {
        Optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
        Loss = loss ?? throw new ArgumentNullException(nameof(loss));
    }

    /// <summary>Keras <c>model.compile(optimizer='adam', loss='mse')</c> with default settings.</summary>
    public void Compile(string optimizer, string loss) => Compile(Optimizer.Parse(optimizer), Loss.Parse(loss));

    /// <summary>Number of trainable scalars.</summary>
    public int CountParams() => Parameters.Sum(p => p.Count);

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
            throw new ArgumentException($"Model '{Name}' has {expected} weights, got {flat.Length}.", nameof(flat));
        int offset = 0;
        foreach (var p in Parameters)
        {
            flat.Slice(offset, p.Count).CopyTo(p.Value);
            offset += p.Count;
        }
        WeightsChanged();
    }

    /// <summary>Keras <c>reset_states()</c>: zeroes the carry a stateful model keeps between batches.</summary>
    public void ResetStates() => _statefulCarry?.Reset();

    /// <summary>A zero carry for <paramref name="batch"/> series: one per recurrent layer (LSTM: h, c; GRU, SimpleRNN: h).</summary>
    public ModelCarry CreateCarry(int batch)
    {
        RequireBuilt();
        if (_recurrentLayers.Length == 0) throw new InvalidOperationException($"Model '{Name}' has no recurrent layer, so no carry.");
        return new ModelCarry(_recurrentLayers.Select(l => l.CreateCarry(batch)).ToArray());
    }

    /// <summary>
    /// Advances B series by T steps in one batched call: x is (B, T, features), <paramref name="carry"/> holds the
    /// series' states (one row each) and is advanced in place; returns the model output for the batch. This is the
    /// path a stateful Keras model takes, with the state owned by the caller.
    /// </summary>
    public Tensor Advance(Tensor x, ModelCarry carry)
    {
        ArgumentNullException.ThrowIfNull(carry);
        EnsureBuiltFor(x);
        CheckInput(x, "x");
        CheckCarry(carry, x.Shape[0]);
        return Forward(x, training: false, carry);
    }

    /// <summary>Keras <c>predict</c>: the output for every sample, in batches of <paramref name="batchSize"/>; a stateful model uses (and advances) its kept state.</summary>
    public Tensor Predict(Tensor x, int? batchSize = null)
    {
        EnsureBuiltFor(x);
        CheckInput(x, "x");
        int size = EffectiveBatchSize(batchSize, x.Shape[0]);
        var parts = new List<Tensor>();
        for (int start = 0; start < x.Shape[0]; start += size)
            parts.Add(Forward(x.Slice(start, Math.Min(size, x.Shape[0] - start)), training: false, carry: null));
        return Concatenate(parts, x.Shape[0]);
    }

    /// <summary>Saves architecture, weights, compile settings and (optionally) optimizer state in one file (replaced only once fully written); see <see cref="ModelFile"/>.</summary>
    public void Save(string path, bool includeOptimizer = true) => ModelFile.Save(this, path, includeOptimizer);

    /// <summary>Writes the model file into a stream (left open), e.g. to keep a model as bytes.</summary>
    public void Save(Stream stream, bool includeOptimizer = true) => ModelFile.Save(this, stream, includeOptimizer);

    /// <summary>Loads a model written by <see cref="Save(string, bool)"/>.</summary>
    public static Sequential Load(string path) => ModelFile.Load(path);

    /// <summary>Loads a model file from a stream (left open).</summary>
    public static Sequential Load(Stream stream) => ModelFile.Load(stream, "model stream");

    /// <summary>Writes every weight to a NumPy .npz in Keras naming ("&lt;layer&gt;/kernel", …), readable by <see cref="LoadWeights"/> and np.load.</summary>
    public void SaveWeights(string npzPath)
    {
        RequireBuilt();
        Npz.Write(npzPath, ModelFile.WeightArrays(this));
    }

    /// <summary>Sets every weight from a NumPy .npz in Keras or PyTorch naming; see <see cref="WeightImport"/>.</summary>
    public void LoadWeights(string npzPath) => WeightImport.LoadNpz(this, npzPath);

    /// <summary>Keras <c>summary()</c>: the layer table (name and type, output shape, parameters) and the totals.</summary>
    public string Summary() => ModelSummary.Format(this);

    /// <summary>Runs every layer; recurrent layers start from <paramref name="carry"/> when given, else from the kept state (stateful) or zeros.</summary>
    internal Tensor Forward(Tensor x, bool training, ModelCarry? carry)
    {
        int batch = x.Shape[0];
        ModelCarry? state = carry;
        if (state is null && IsStateful) state = StatefulCarry(batch);
        Tensor h = x;
        int recurrentIndex = 0;
        _activityPenalty = 0;
        for (int i = 0; i < _layers.Count; i++)
        {
            var layer = _layers[i];
            if (layer is RecurrentLayer recurrent)
            {
                bool useState = carry is not null || recurrent.Stateful;
                h = useState ? recurrent.Forward(h, state!.Carries[recurrentIndex], training) : recurrent.Forward(h, training);
                recurrentIndex++;
            }
            else
            {
                h = layer.Forward(h, training);
            }
            if (layer.ActivityRegularizer is { } activity)
            {
                _activityPenalty += activity.Penalty(h.Span);
                if (training) _layerOutputs[i] = h;
            }
        }
        return h;
    }

    /// <summary>Backpropagates d(loss)/d(output) of the last training forward through every layer, filling the gradients.</summary>
    internal void Backward(Tensor outputGradient)
    {
        Tensor g = outputGradient;
        for (int i = _layers.Count - 1; i >= 0; i--)
        {
            if (_layers[i].ActivityRegularizer is { } activity) activity.AddGradient(_layerOutputs[i]!.Span, g.Span);
            g = _layers[i].Backward(g);
        }
    }

    /// <summary>Tells every layer its weights changed in place.</summary>
    internal void WeightsChanged()
    {
        foreach (var layer in _layers) layer.OnWeightsChanged();
    }

    /// <summary>Builds the model from the first data seen when no Input was added (Keras deferred build).</summary>
    internal void EnsureBuiltFor(Tensor x)
    {
        if (Input is null)
        {
            if (x.Rank < 2) throw new ArgumentException($"x of shape {x.ShapeText} has no sample dimensions; expected (batch, timesteps, features).");
            Input = new Input(x.Shape.Skip(1).ToArray(), null);
            BuildLayers();
        }
        RequireBuilt();
    }

    /// <summary>Throws unless x is (batch, ...input shape), finite and non-empty.</summary>
    internal void CheckInput(Tensor x, string name)
    {
        ArgumentNullException.ThrowIfNull(x);
        var shape = Input!.Shape;
        if (x.Rank != shape.Length + 1 || !Tensor.Fits(shape, x.Shape.Skip(1)))
        {
            string axes = shape.Length == 2 ? "(batch, timesteps, features) = " : "";
            throw new ArgumentException(
                $"{name} has shape {x.ShapeText} but model '{Name}' expects {axes}{Tensor.FormatWithBatch(Input.BatchSize, shape)}.");
        }
        if (x.Shape[0] == 0) throw new ArgumentException($"{name} has no samples (shape {x.ShapeText}).");
        x.EnsureFinite(name);
    }

    /// <summary>Checks y against the model output for <paramref name="batch"/> samples; returns it shaped as the output (a (B,) target fits a (B, 1) output, as in Keras).</summary>
    internal Tensor CheckTarget(Tensor y, int batch, string name)
    {
        ArgumentNullException.ThrowIfNull(y);
        var output = Loss!.TargetShape(OutputShape);
        if (y.Shape[0] != batch)
            throw new ArgumentException($"{name} has {y.Shape[0]} samples but x has {batch}.");
        var sample = y.Shape.Skip(1).ToArray();
        bool exact = Tensor.Fits(output, sample);
        bool squeezed = output.Count > 0 && output[^1] == 1 && Tensor.Fits(output.Take(output.Count - 1).ToArray(), sample);
        // Class ids may come with a trailing axis of 1, as Keras' sparse crossentropy accepts.
        bool expanded = output.Count < OutputShape.Count && sample.Length == output.Count + 1 && sample[^1] == 1
            && Tensor.Fits(output, sample.Take(output.Count));
        if (!exact && !squeezed && !expanded)
            throw new ArgumentException(
                $"{name} has shape {y.ShapeText} but model '{Name}' {(output.Count < OutputShape.Count ? "takes class ids of" : "outputs")} {Tensor.FormatWithBatch(null, output)}.");
        y.EnsureFinite(name);
        if (exact) return y;
        return squeezed ? y.Reshape([.. y.Shape, 1]) : y.Reshape([.. y.Shape.Take(y.Rank - 1)]);
    }

    private ModelCarry StatefulCarry(int batch)
    {
        int fixedBatch = Input!.BatchSize!.Value;
        if (batch != fixedBatch)
            throw new ArgumentException(
                $"Stateful model '{Name}' has a fixed batch size of {fixedBatch} (its Input batchSize); got a batch of {batch}.");
        return _statefulCarry ??= CreateCarry(fixedBatch);
    }

    private void CheckCarry(ModelCarry carry, int batch)
    {
        var layers = _recurrentLayers;
        if (carry.Carries.Count != layers.Length)
            throw new ArgumentException($"Carry has {carry.Carries.Count} layer states but model '{Name}' has {layers.Length} recurrent layers.");
        if (carry.Batch != batch)
            throw new ArgumentException($"Carry holds {carry.Batch} series but x has a batch of {batch}.");
        for (int i = 0; i < layers.Length; i++)
        {
            if (carry.Carries[i].Units != layers[i].Units || carry.Carries[i].GetType() != layers[i].CarryType)
                throw new ArgumentException(
                    $"Carry of recurrent layer {i} ('{layers[i].Name}') is {carry.Carries[i].GetType().Name} with {carry.Carries[i].Units} units, " +
                    $"the layer needs {layers[i].CarryType.Name} with {layers[i].Units}.");
        }
    }

    internal int EffectiveBatchSize(int? requested, int samples)
    {
        if (IsStateful)
        {
            int fixedBatch = Input!.BatchSize!.Value;
            if (requested is int r && r != fixedBatch)
                throw new ArgumentException($"Stateful model '{Name}' has a fixed batch size of {fixedBatch}; got batchSize {r}.");
            if (samples % fixedBatch != 0)
                throw new ArgumentException(
                    $"Stateful model '{Name}' needs the number of samples ({samples}) to be a multiple of its batch size {fixedBatch}.");
            return fixedBatch;
        }
        int size = requested ?? 32;
        if (size <= 0) throw new ArgumentOutOfRangeException(nameof(requested), size, "Batch size must be positive.");
        return size;
    }

    private static Tensor Concatenate(List<Tensor> parts, int samples)
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

    private void BuildLayers()
    {
        IReadOnlyList<int> shape = Input!.Shape;
        foreach (var layer in _layers)
        {
            if (layer is RecurrentLayer { Stateful: true } && Input.BatchSize is null)
                throw new InvalidOperationException(
                    $"Stateful {layer.TypeName} '{layer.Name}' needs a fixed batch size: add new Input(shape, batchSize) first (Keras batch_input_shape).");
            layer.Build(shape, _random);
            shape = layer.OutputShape;
        }
        _parameters = null;
    }

    private void RequireBuilt()
    {
        if (!IsBuilt)
            throw new InvalidOperationException($"Model '{Name}' is not built: add an Input first or pass data to Fit/Predict.");
    }

    private string NextName(string stem)
    {
        int count = _nameCounts.GetValueOrDefault(stem);
        _nameCounts[stem] = count + 1;
        return count == 0 ? stem : $"{stem}_{count}";
    }
}
