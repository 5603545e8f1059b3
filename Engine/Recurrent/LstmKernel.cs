using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using LstmActors.Engine.Kernels;

namespace LstmActors.Engine.Recurrent;

/// <summary>
/// The LSTM math of one layer over (batch, timesteps): forward from an explicit carry, and backpropagation through time.
/// Weights are packed once per <see cref="SetWeights"/>; scratch buffers are reused, so steady-state calls allocate nothing.
/// Not thread-safe: one kernel per thread of use.
/// </summary>
public sealed unsafe class LstmKernel : IPartitionedWork
{
    private readonly int _f, _h, _g, _k;
    private readonly PackedMatrix _w = new();    // [kernel; recurrent kernel; bias], (F+H+1, 4H): one gate product over [x, h, 1]
    private readonly PackedMatrix _whT = new();  // recurrent kernelᵀ, (4H, H): hidden gradients
    private readonly PackedMatrix _wxT = new();  // kernelᵀ, (4H, F): input gradients when F is wide
    private readonly float[] _kernel;            // kernel (F, 4H): input gradients as row dot products when F is narrow
    private readonly float[] _stacked;           // [kernel; recurrent kernel; bias] before packing
    private readonly float[] _dW;                // weight and bias gradients of one backward pass, (F+H+1, 4H)
    private bool _hasWeights;
    private float[] _xh = [], _gates = [];
    private WorkerTeam? _team;

    // The call in progress, pinned, for the parts its steps are split into.
    private Phase _phase;
    private int _batch, _timesteps, _t, _rows;
    private float* _px, _pout, _pkernel, _pmx, _pmh, _pxhStep, _pgatesStep, _pcPrev, _pcNext, _pactStep, _pnextH, _pnextMask;
    private int _nextStride;
    private float* _pdOut, _pdh, _pdc, _pdGStep, _pdx, _pgk, _pgr, _pgb, _pdW;

    /// <summary>A kernel for the given layer shape; call <see cref="SetWeights"/> before use.</summary>
    public LstmKernel(LstmSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.InputSize <= 0) throw new ArgumentOutOfRangeException(nameof(spec), spec.InputSize, "LSTM input size must be positive.");
        if (spec.Units <= 0) throw new ArgumentOutOfRangeException(nameof(spec), spec.Units, "LSTM units must be positive.");
        Spec = spec;
        _f = spec.InputSize;
        _h = spec.Units;
        _g = 4 * _h;
        _k = _f + _h + 1;
        _kernel = new float[_f * _g];
        _stacked = new float[_k * _g];
        _dW = new float[_k * _g];
    }

    /// <summary>The layer shape.</summary>
    public LstmSpec Spec { get; }

    /// <summary>Validates the weights' shapes and packs them for the gate products.</summary>
    public void SetWeights(LstmWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.InputSize != _f || weights.Units != _h)
            throw new ArgumentException(
                $"LSTM weights shape mismatch: expected input size {_f} and units {_h} (kernel ({_f}, {_g}), recurrent kernel ({_h}, {_g}), bias ({_g})), " +
                $"got input size {weights.InputSize} and units {weights.Units}.", nameof(weights));
        weights.Kernel.CopyTo(_kernel, 0);
        weights.Kernel.CopyTo(_stacked, 0);
        weights.RecurrentKernel.CopyTo(_stacked, _f * _g);
        // The bias rides in the product as a last row against a constant 1 input (zeros when the layer has none).
        if (Spec.UseBias) weights.Bias.CopyTo(_stacked, (_f + _h) * _g);
        else Array.Clear(_stacked, (_f + _h) * _g, _g);
        _w.Pack(_stacked, _g, 1, _k, _g);
        _whT.Pack(weights.RecurrentKernel, 1, _g, _g, _h);
        if (_f >= 16) _wxT.Pack(weights.Kernel, 1, _g, _g, _f);
        _hasWeights = true;
    }

    /// <summary>
    /// Threads the kernel splits batch rows (and weight-gradient columns) over, counting the caller; 1 (the default) runs on the
    /// caller only. More than 1 starts background threads, released when set back to 1. Small batches are not split.
    /// </summary>
    public int Threads
    {
        get => _team?.Threads ?? 1;
        set
        {
            if (value < 1) throw new ArgumentOutOfRangeException(nameof(value), value, "LSTM kernel threads must be at least 1.");
            if (value == Threads) return;
            _team?.Dispose();
            _team = value == 1 ? null : new WorkerTeam(value);
        }
    }

    /// <summary>
    /// Runs the layer over x (batch, timesteps, F), advancing <paramref name="carry"/> in place from the initial to the final state,
    /// and writes h of every step to <paramref name="outputs"/> (batch, timesteps, H). Records into <paramref name="tape"/> when given.
    /// </summary>
    public void Forward(ReadOnlySpan<float> x, int batch, int timesteps, LstmCarry carry, Span<float> outputs,
        LstmTape? tape = null, DropoutMasks? masks = null)
    {
        ArgumentNullException.ThrowIfNull(carry);
        RequireWeights();
        CheckPositive(batch, nameof(batch));
        CheckPositive(timesteps, nameof(timesteps));
        CheckLength(x, batch, timesteps, _f, nameof(x), "features");
        CheckLength(outputs, batch, timesteps, _h, nameof(outputs), "units");
        if (carry.Batch != batch || carry.Units != _h)
            throw new ArgumentException(
                $"LSTM carry shape mismatch: expected (batch {batch}, units {_h}), got (batch {carry.Batch}, units {carry.Units}).", nameof(carry));
        CheckMasks(masks, batch);
        if (tape is not null)
        {
            CheckTape(tape);
            tape.Prepare(batch, timesteps, masks);
        }
        else EnsureScratch(batch);

        float[] xh = tape?.Xh ?? _xh, gates = tape?.Gates ?? _gates;
        // Without a tape the cell state advances in the caller's carry itself; a tape keeps every step's cells.
        float[] cells = tape?.Cells ?? carry.C;
        int bh = batch * _h;
        fixed (float* px = x, pout = outputs, pxh = xh, pcells = cells, pgates = gates,
               pact = tape?.ActivatedCells, pmx = masks?.Input, pmh = masks?.Recurrent, pcarryH = carry.H, pcarryC = carry.C)
        {
            _px = px; _pout = pout; _pmx = pmx; _pmh = pmh;
            _batch = batch; _timesteps = timesteps;
            if (tape is not null) new ReadOnlySpan<float>(pcarryC, bh).CopyTo(new Span<float>(pcells, bh));
            for (int b = 0; b < batch; b++)
            {
                var h = new ReadOnlySpan<float>(pcarryH + (long)b * _h, _h);
                var dst = new Span<float>(pxh + (long)b * _k + _f, _h);
                if (pmh == null) h.CopyTo(dst);
                else TensorPrimitives.Multiply(h, new ReadOnlySpan<float>(pmh + (long)b * _h, _h), dst);
            }
            for (int t = 0; t < timesteps; t++)
            {
                // With a tape every step keeps its own rows; without one a single block is reused in place.
                int block = tape is null ? 0 : t;
                bool last = t + 1 == timesteps;
                _t = t;
                _pxhStep = pxh + (long)block * batch * _k;
                _pgatesStep = pgates + (long)block * batch * _g;
                _pcPrev = pcells + (long)block * bh;
                _pcNext = pcells + (long)(tape is null ? 0 : t + 1) * bh;
                _pactStep = pact == null ? null : pact + (long)t * bh;
                // h goes on into the next step's [x, h] rows, through the recurrent mask; after the last step, into the carry.
                _pnextH = last ? pcarryH : pxh + (long)(tape is null ? 0 : t + 1) * batch * _k + _f;
                _nextStride = last ? _h : _k;
                _pnextMask = last ? null : pmh;
                Partition(Phase.ForwardStep, batch);
            }
            if (tape is not null) new ReadOnlySpan<float>(_pcNext, bh).CopyTo(new Span<float>(pcarryC, bh));
        }
    }

    /// <summary>
    /// Backpropagation through time over what <paramref name="tape"/> recorded. dOutputs (batch, timesteps, H) is the gradient
    /// with respect to every step's h; dFinalH/dFinalC (batch, H) or empty. Adds the weight gradients into
    /// <paramref name="gradients"/>; writes dx (batch, timesteps, F), dInitialH and dInitialC (batch, H) when non-empty.
    /// </summary>
    public void Backward(LstmTape tape, ReadOnlySpan<float> dOutputs, ReadOnlySpan<float> dFinalH, ReadOnlySpan<float> dFinalC,
        LstmWeights gradients, Span<float> dx, Span<float> dInitialH, Span<float> dInitialC)
    {
        ArgumentNullException.ThrowIfNull(tape);
        ArgumentNullException.ThrowIfNull(gradients);
        RequireWeights();
        CheckTape(tape);
        int batch = tape.Batch, timesteps = tape.Timesteps;
        if (timesteps == 0) throw new InvalidOperationException("LSTM backward: the tape has recorded no forward pass.");
        if (gradients.InputSize != _f || gradients.Units != _h)
            throw new ArgumentException(
                $"LSTM gradients shape mismatch: expected input size {_f} and units {_h}, got {gradients.InputSize} and {gradients.Units}.", nameof(gradients));
        int bh = batch * _h;
        CheckLength(dOutputs, batch, timesteps, _h, nameof(dOutputs), "units");
        CheckOptional(dFinalH, bh, nameof(dFinalH), batch);
        CheckOptional(dFinalC, bh, nameof(dFinalC), batch);
        CheckOptional(dInitialH, bh, nameof(dInitialH), batch);
        CheckOptional(dInitialC, bh, nameof(dInitialC), batch);
        if (!dx.IsEmpty) CheckLength(dx, batch, timesteps, _f, nameof(dx), "features");

        Span<float> dh = tape.HiddenGradient.AsSpan(0, bh), dc = tape.CellGradient.AsSpan(0, bh);
        if (dFinalH.IsEmpty) dh.Clear(); else dFinalH.CopyTo(dh);
        if (dFinalC.IsEmpty) dc.Clear(); else dFinalC.CopyTo(dc);
        int rows = batch * timesteps;
        fixed (float* pdOut = dOutputs, pdh = dh, pdc = dc, pdG = tape.GateGradients, pgates = tape.Gates, pcells = tape.Cells,
               pact = tape.ActivatedCells, pxh = tape.Xh, pkernel = _kernel, pdx = dx,
               pmx = tape.Masks?.Input, pmh = tape.Masks?.Recurrent, pdW = _dW,
               pgk = gradients.Kernel, pgr = gradients.RecurrentKernel, pgb = gradients.Bias)
        {
            _batch = batch; _timesteps = timesteps;
            _pdOut = pdOut; _pdh = pdh; _pdc = pdc; _pmx = pmx; _pmh = pmh;
            for (int t = timesteps - 1; t >= 0; t--)
            {
                _t = t;
                _pgatesStep = pgates + (long)t * batch * _g;
                _pcPrev = pcells + (long)t * bh;
                _pactStep = pact + (long)t * bh;
                _pdGStep = pdG + (long)t * batch * _g;
                Partition(Phase.BackwardStep, batch);
            }

            // Weight gradients over all steps at once, [x, h]ᵀ · dGates, split over gate columns.
            _pdGStep = pdG; _pxhStep = pxh; _rows = rows;
            _pgk = pgk; _pgr = pgr; _pgb = Spec.UseBias ? pgb : null; _pdW = pdW;
            Partition(Phase.WeightGradients, _g);

            if (!dx.IsEmpty)
            {
                _pdx = pdx; _pkernel = pkernel;
                Partition(Phase.InputGradients, rows);
            }
        }
        if (!dInitialH.IsEmpty) dh.CopyTo(dInitialH);
        if (!dInitialC.IsEmpty) dc.CopyTo(dInitialC);
    }

    private enum Phase { ForwardStep, BackwardStep, WeightGradients, InputGradients }

    /// <summary>Row blocks small enough that a block's gates stay in cache between the product and the cell update.</summary>
    private const int RowBlock = 32;

    private void Partition(Phase phase, int count)
    {
        _phase = phase;
        if (_team is null) Run(0, count);
        else if (phase == Phase.WeightGradients) _team.Run(this, count, align: 64, minPart: 64);
        else _team.Run(this, count, align: 4, minPart: 32);
    }

    void IPartitionedWork.Run(int start, int end) => Run(start, end);

    private void Run(int start, int end)
    {
        switch (_phase)
        {
            case Phase.ForwardStep: ForwardRows(start, end); break;
            case Phase.BackwardStep: BackwardRows(start, end); break;
            case Phase.WeightGradients: WeightGradientColumns(start, end); break;
            default: InputGradientRows(start, end); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ForwardRows(int r0, int r1)
    {
        for (int b0 = r0; b0 < r1; b0 += RowBlock)
        {
            int b1 = Math.Min(r1, b0 + RowBlock);
            for (int b = b0; b < b1; b++)
            {
                float* src = _px + ((long)b * _timesteps + _t) * _f;
                float* dst = _pxhStep + (long)b * _k;
                float* m = _pmx == null ? null : _pmx + (long)b * _f;
                for (int i = 0; i < _f; i++) dst[i] = m == null ? src[i] : src[i] * m[i];
                dst[_f + _h] = 1f;
            }
            Gemm.Compute(_pxhStep + (long)b0 * _k, _k, 1, _w, _pgatesStep + (long)b0 * _g, _g, b1 - b0, accumulate: false);
            LstmCell.Forward(Spec, _pgatesStep, _pcPrev, _pcNext, _pactStep, _pout, _t, _timesteps, _pnextH, _nextStride, _pnextMask, b0, b1);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void BackwardRows(int r0, int r1)
    {
        for (int b0 = r0; b0 < r1; b0 += RowBlock)
        {
            int b1 = Math.Min(r1, b0 + RowBlock);
            LstmCell.Backward(Spec, _pgatesStep, _pcPrev, _pactStep, _pdOut, _t, _timesteps, _pdh, _pdc, _pdGStep, b0, b1);
            // dh(t-1) = dGates(t) · recurrent kernelᵀ, through the recurrent dropout mask.
            Gemm.Compute(_pdGStep + (long)b0 * _g, _g, 1, _whT, _pdh + (long)b0 * _h, _h, b1 - b0, accumulate: false);
            if (_pmh != null)
                for (long i = (long)b0 * _h; i < (long)b1 * _h; i++) _pdh[i] *= _pmh[i];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WeightGradientColumns(int j0, int j1)
    {
        // One product over the stacked [x, h, 1] rows, then split into the kernel, recurrent kernel and bias gradients.
        int n = j1 - j0, biasRow = _f + _h;
        Gemm.Compute(_pxhStep, 1, _k, _pdGStep + j0, _g, _pdW + j0, _g, _k, n, _rows, accumulate: false);
        for (int r = 0; r < _k; r++)
        {
            if (r == biasRow && _pgb == null) break;
            float* sum = r < _f ? _pgk + (long)r * _g : r < biasRow ? _pgr + (long)(r - _f) * _g : _pgb;
            var destination = new Span<float>(sum + j0, n);
            TensorPrimitives.Add(destination, new ReadOnlySpan<float>(_pdW + (long)r * _g + j0, n), destination);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void InputGradientRows(int r0, int r1)
    {
        // Time-major rows r = t·batch + b: dx(b, t) = dGates(r) · kernelᵀ, through the input dropout mask. The rows of one step
        // land T·F apart in dx, so a wide F runs as one product per step written straight into place.
        while (r0 < r1)
        {
            int t = r0 / _batch, b0 = r0 - t * _batch, b1 = Math.Min(_batch, b0 + (r1 - r0));
            float* dGates = _pdGStep + (long)r0 * _g;
            float* dst = _pdx + ((long)b0 * _timesteps + t) * _f;
            int stride = _timesteps * _f;
            if (_f >= 16)
                Gemm.Compute(dGates, _g, 1, _wxT, dst, stride, b1 - b0, accumulate: false);
            else
                for (int b = b0; b < b1; b++)
                {
                    var dGate = new ReadOnlySpan<float>(dGates + (long)(b - b0) * _g, _g);
                    for (int i = 0; i < _f; i++)
                        dst[(long)(b - b0) * stride + i] = TensorPrimitives.Dot(dGate, new ReadOnlySpan<float>(_pkernel + (long)i * _g, _g));
                }
            if (_pmx != null)
                for (int b = b0; b < b1; b++)
                {
                    var row = new Span<float>(dst + (long)(b - b0) * stride, _f);
                    TensorPrimitives.Multiply(row, new ReadOnlySpan<float>(_pmx + (long)b * _f, _f), row);
                }
            r0 += b1 - b0;
        }
    }

    private void CheckTape(LstmTape tape)
    {
        if (tape.Spec.InputSize != _f || tape.Spec.Units != _h)
            throw new ArgumentException(
                $"LSTM tape shape mismatch: expected input size {_f} and units {_h}, got {tape.Spec.InputSize} and {tape.Spec.Units}.", nameof(tape));
    }

    private void EnsureScratch(int batch)
    {
        if (_gates.Length >= batch * _g) return;
        _xh = new float[batch * _k];
        _gates = new float[batch * _g];
    }

    private void RequireWeights()
    {
        if (!_hasWeights) throw new InvalidOperationException("LSTM kernel has no weights: call SetWeights first.");
    }

    private void CheckMasks(DropoutMasks? masks, int batch)
    {
        if (masks?.Input is { } mx && mx.Length != batch * _f)
            throw new ArgumentException($"LSTM input dropout mask length mismatch: expected (batch {batch}, features {_f}) = {batch * _f}, got {mx.Length}.", nameof(masks));
        if (masks?.Recurrent is { } mh && mh.Length != batch * _h)
            throw new ArgumentException($"LSTM recurrent dropout mask length mismatch: expected (batch {batch}, units {_h}) = {batch * _h}, got {mh.Length}.", nameof(masks));
    }

    private static void CheckPositive(int value, string name)
    {
        if (value <= 0) throw new ArgumentOutOfRangeException(name, value, $"LSTM {name} must be positive.");
    }

    private static void CheckLength(ReadOnlySpan<float> span, int batch, int timesteps, int width, string name, string widthName)
    {
        int expected = batch * timesteps * width;
        if (span.Length != expected)
            throw new ArgumentException(
                $"LSTM {name} length mismatch: expected (batch {batch}, timesteps {timesteps}, {widthName} {width}) = {expected} floats, got {span.Length}.", name);
    }

    private void CheckOptional(ReadOnlySpan<float> span, int expected, string name, int batch)
    {
        if (!span.IsEmpty && span.Length != expected)
            throw new ArgumentException($"LSTM {name} length mismatch: expected empty or (batch {batch}, units {_h}) = {expected} floats, got {span.Length}.", name);
    }
}
