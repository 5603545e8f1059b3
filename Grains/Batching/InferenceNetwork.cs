using System.Numerics.Tensors;
using LstmActors.Engine.Layers;
using LstmActors.Engine.Models;
using LstmActors.Engine.Recurrent;
using LstmActors.Grains.Models;

namespace LstmActors.Grains.Batching;

/// <summary>
/// One batched step of a model's network for up to <see cref="Capacity"/> series: the recurrent layers' kernels (weights
/// packed once per version) and the Dense head, over contiguous (B, F) inputs and (B, H) carry states per layer. The carries of the
/// series in the batch stay resident in their rows between steps (a series' carry is loaded when it joins and stored
/// when it leaves, not copied every step). Batches are padded to a multiple of <see cref="RowQuantum"/>, so a small
/// set of carry buffers serves every batch size without allocating. Not thread-safe: the batcher's loop is its only user.
/// </summary>
internal sealed class InferenceNetwork
{
    /// <summary>Batch sizes are rounded up to a multiple of this.</summary>
    public const int RowQuantum = 16;

    private readonly int _f, _h, _layers, _states, _p;
    private readonly Sequential _unpacker;
    private readonly LayerStep[] _steps;
    private readonly float[] _denseKernelT, _denseBias;
    private readonly float[][] _layerOutputs;
    private readonly RecurrentCarry[]?[] _carries;
    private RecurrentCarry[] _current;
    private int _rows;

    /// <summary>A network for <paramref name="definition"/> holding at most <paramref name="capacity"/> series per step.</summary>
    public InferenceNetwork(ModelDefinition definition, int capacity, int kernelThreads)
    {
        _f = definition.InputWidth;
        _h = definition.Units;
        _layers = definition.Layers;
        _states = definition.StatesPerLayer;
        _p = definition.OutputWidth;
        Capacity = (capacity + RowQuantum - 1) / RowQuantum * RowQuantum;
        _unpacker = ModelNetwork.Build(definition, 1);
        _steps = _unpacker.RecurrentLayers.Select(l => LayerStep.For(l, kernelThreads)).ToArray();
        _denseKernelT = new float[_p * _h];
        _denseBias = new float[_p];
        Inputs = new float[Capacity * _f];
        Outputs = new float[Capacity * _p];
        _layerOutputs = Enumerable.Range(0, _layers).Select(_ => new float[Capacity * _h]).ToArray();
        _carries = new RecurrentCarry[]?[Capacity / RowQuantum + 1];
        _current = CarriesFor(RowQuantum);
    }

    /// <summary>Most series per step.</summary>
    public int Capacity { get; }

    /// <summary>The installed weights version (0 before any).</summary>
    public int Version { get; private set; }

    /// <summary>Scaled inputs of the batch, (Capacity, F); row b is series b of the step.</summary>
    public float[] Inputs { get; }

    /// <summary>Network outputs of the last step, (Capacity, P).</summary>
    public float[] Outputs { get; }

    /// <summary>Packs the weights of <paramref name="version"/> into the kernels.</summary>
    public void Install(ModelVersion version)
    {
        _unpacker.SetWeights(version.Weights);
        var layers = _unpacker.RecurrentLayers;
        for (int l = 0; l < _layers; l++) _steps[l].Install(layers[l]);
        var head = _unpacker.Layers[^1].Parameters;
        // The head's kernel (H, P) transposed, so each output is one contiguous dot product.
        for (int k = 0; k < _h; k++)
            for (int j = 0; j < _p; j++) _denseKernelT[j * _h + k] = head[0].Value[k * _p + j];
        head[1].Value.CopyTo(_denseBias, 0);
        Version = version.Version;
    }

    /// <summary>Series rows in use.</summary>
    public int Rows => _rows;

    /// <summary>Sets the rows in use to [0, <paramref name="rows"/>), moving resident carries to the buffers of the new padded size.</summary>
    public void Resize(int rows)
    {
        var next = CarriesFor(rows);
        if (next != _current)
        {
            int kept = Math.Min(_rows, rows) * _h;
            for (int l = 0; l < _layers; l++)
                for (int s = 0; s < _states; s++) _current[l].States[s].AsSpan(0, kept).CopyTo(next[l].States[s]);
            _current = next;
        }
        _rows = rows;
    }

    /// <summary>Copies a series' carry (layer by layer, each layer's states in order: LSTM [h | c], GRU [h]) into row <paramref name="row"/>.</summary>
    public void Load(int row, ReadOnlySpan<float> carry)
    {
        for (int l = 0; l < _layers; l++)
            for (int s = 0; s < _states; s++) carry.Slice((l * _states + s) * _h, _h).CopyTo(_current[l].States[s].AsSpan(row * _h, _h));
    }

    /// <summary>Copies row <paramref name="row"/> out into a series' carry.</summary>
    public void Store(int row, Span<float> carry)
    {
        for (int l = 0; l < _layers; l++)
            for (int s = 0; s < _states; s++) _current[l].States[s].AsSpan(row * _h, _h).CopyTo(carry.Slice((l * _states + s) * _h, _h));
    }

    /// <summary>Moves the carry of row <paramref name="from"/> to row <paramref name="to"/>.</summary>
    public void Move(int from, int to)
    {
        for (int l = 0; l < _layers; l++)
        {
            for (int s = 0; s < _states; s++)
            {
                var state = _current[l].States[s];
                state.AsSpan(from * _h, _h).CopyTo(state.AsSpan(to * _h, _h));
            }
        }
    }

    /// <summary>Runs one step for the rows in use: inputs from <see cref="Inputs"/>, resident carries advanced in place, <see cref="Outputs"/> written.</summary>
    public void Step()
    {
        if (Version == 0) throw new InvalidOperationException("The inference network has no weights version installed.");
        int padded = Padded(_rows);
        ReadOnlySpan<float> x = Inputs.AsSpan(0, padded * _f);
        for (int l = 0; l < _layers; l++)
        {
            Span<float> output = _layerOutputs[l].AsSpan(0, padded * _h);
            _steps[l].Forward(x, padded, _current[l], output);
            x = output;
        }
        for (int r = 0; r < _rows; r++)
        {
            var h = x.Slice(r * _h, _h);
            for (int j = 0; j < _p; j++) Outputs[r * _p + j] = _denseBias[j] + TensorPrimitives.Dot(h, _denseKernelT.AsSpan(j * _h, _h));
        }
    }

    private RecurrentCarry[] CarriesFor(int rows)
    {
        int padded = Padded(Math.Max(rows, 1));
        return _carries[padded / RowQuantum] ??= NewCarries(padded);
    }

    // Apart from CarriesFor, whose every call (once per batch) would otherwise allocate this lambda's closure.
    private RecurrentCarry[] NewCarries(int rows) => _steps.Select(step => step.CreateCarry(rows)).ToArray();

    private int Padded(int batch)
    {
        if (batch <= 0 || batch > Capacity)
            throw new ArgumentOutOfRangeException(nameof(batch), batch, $"A step holds 1 to {Capacity} series.");
        return (batch + RowQuantum - 1) / RowQuantum * RowQuantum;
    }
}
