using LstmActors.Engine.Kernels;
using LstmActors.Engine.Layers;
using LstmActors.Engine.Models;
using LstmActors.Engine.Recurrent;
using LstmActors.Grains.Models;

namespace LstmActors.Grains.Batching;

/// <summary>
/// One batched step of a model's network for up to <see cref="Capacity"/> series: the LSTM kernels (weights packed once
/// per version) and the Dense head, over contiguous (B, F) inputs and (B, H) carries per layer. Batches are padded to a
/// multiple of <see cref="RowQuantum"/> so a small set of carry buffers serves every batch size without allocating.
/// Not thread-safe: the batcher's loop is its only user.
/// </summary>
internal sealed class InferenceNetwork
{
    /// <summary>Batch sizes are rounded up to a multiple of this.</summary>
    public const int RowQuantum = 16;

    private readonly int _f, _h, _layers, _p;
    private readonly Sequential _unpacker;
    private readonly LstmKernel[] _kernels;
    private readonly float[] _denseKernel, _denseBias;
    private readonly float[][] _layerOutputs;
    private readonly LstmCarry[]?[] _carries;

    /// <summary>A network for <paramref name="definition"/> holding at most <paramref name="capacity"/> series per step.</summary>
    public InferenceNetwork(ModelDefinition definition, int capacity, int kernelThreads)
    {
        _f = definition.Features.Length;
        _h = definition.Units;
        _layers = definition.Layers;
        _p = definition.PredictedFeatures.Length;
        Capacity = (capacity + RowQuantum - 1) / RowQuantum * RowQuantum;
        _unpacker = ModelNetwork.Build(definition, 1);
        _kernels = _unpacker.LstmLayers.Select(l => new LstmKernel(l.Spec) { Threads = kernelThreads }).ToArray();
        _denseKernel = new float[_h * _p];
        _denseBias = new float[_p];
        Inputs = new float[Capacity * _f];
        Outputs = new float[Capacity * _p];
        _layerOutputs = Enumerable.Range(0, _layers).Select(_ => new float[Capacity * _h]).ToArray();
        _carries = new LstmCarry[]?[Capacity / RowQuantum + 1];
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
        var lstms = _unpacker.LstmLayers;
        for (int l = 0; l < _layers; l++) _kernels[l].SetWeights(lstms[l].Weights);
        var head = _unpacker.Layers[^1].Parameters;
        head[0].Value.CopyTo(_denseKernel, 0);
        head[1].Value.CopyTo(_denseBias, 0);
        Version = version.Version;
    }

    /// <summary>The carry buffers (one per layer) of a padded batch that holds <paramref name="batch"/> series.</summary>
    public LstmCarry[] CarriesFor(int batch)
    {
        int padded = Padded(batch);
        return _carries[padded / RowQuantum] ??= Enumerable.Range(0, _layers).Select(_ => new LstmCarry(padded, _h)).ToArray();
    }

    /// <summary>
    /// Runs one step for rows [0, batch) of <see cref="Inputs"/> from the carries of <see cref="CarriesFor"/>, advancing
    /// them in place and writing <see cref="Outputs"/>.
    /// </summary>
    public void Step(int batch)
    {
        if (Version == 0) throw new InvalidOperationException("The inference network has no weights version installed.");
        int padded = Padded(batch);
        var carries = CarriesFor(batch);
        ReadOnlySpan<float> x = Inputs.AsSpan(0, padded * _f);
        for (int l = 0; l < _layers; l++)
        {
            Span<float> output = _layerOutputs[l].AsSpan(0, padded * _h);
            _kernels[l].Forward(x, padded, 1, carries[l], output);
            x = output;
        }
        Span<float> y = Outputs.AsSpan(0, padded * _p);
        for (int r = 0; r < padded; r++) _denseBias.CopyTo(y.Slice(r * _p, _p));
        Gemm.Multiply(x, _h, false, _denseKernel, _p, false, y, _p, padded, _p, _h, accumulate: true);
    }

    private int Padded(int batch)
    {
        if (batch <= 0 || batch > Capacity)
            throw new ArgumentOutOfRangeException(nameof(batch), batch, $"A step holds 1 to {Capacity} series.");
        return (batch + RowQuantum - 1) / RowQuantum * RowQuantum;
    }
}
