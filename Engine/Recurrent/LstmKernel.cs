using LstmActors.Engine.Kernels;

namespace LstmActors.Engine.Recurrent;

/// <summary>
/// The LSTM math of one layer over (batch, timesteps): forward from an explicit carry, and backpropagation through time.
/// Weights are packed once per <see cref="SetWeights"/>; scratch buffers are reused, so steady-state calls allocate nothing.
/// Not thread-safe: one kernel per thread of use.
/// </summary>
public sealed class LstmKernel
{
    private readonly int _f, _h, _g, _k;
    private readonly float[] _w;       // [kernel; recurrent kernel], (F+H, 4H): one gate product over [x, h]
    private readonly float[] _bias;    // (4H), zeros when the layer has no bias
    private readonly float[] _wxT;     // kernelᵀ, (4H, F): input gradients
    private readonly float[] _whT;     // recurrent kernelᵀ, (4H, H): hidden gradients
    private bool _hasWeights;
    private float[] _xh = [], _gates = [], _cells = [];

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
        _k = _f + _h;
        _w = new float[_k * _g];
        _bias = new float[_g];
        _wxT = new float[_g * _f];
        _whT = new float[_g * _h];
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
        weights.Kernel.CopyTo(_w, 0);
        weights.RecurrentKernel.CopyTo(_w, _f * _g);
        if (Spec.UseBias) weights.Bias.CopyTo(_bias, 0);
        else Array.Clear(_bias);
        Transpose(weights.Kernel, _f, _g, _wxT);
        Transpose(weights.RecurrentKernel, _h, _g, _whT);
        _hasWeights = true;
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
        CheckLength(x, batch * timesteps * _f, nameof(x), $"(batch {batch}, timesteps {timesteps}, features {_f})");
        CheckLength(outputs, batch * timesteps * _h, nameof(outputs), $"(batch {batch}, timesteps {timesteps}, units {_h})");
        if (carry.Batch != batch || carry.Units != _h)
            throw new ArgumentException(
                $"LSTM carry shape mismatch: expected (batch {batch}, units {_h}), got (batch {carry.Batch}, units {carry.Units}).", nameof(carry));
        CheckMasks(masks, batch);
        if (tape is not null)
        {
            if (tape.Spec.InputSize != _f || tape.Spec.Units != _h)
                throw new ArgumentException(
                    $"LSTM tape shape mismatch: expected input size {_f} and units {_h}, got {tape.Spec.InputSize} and {tape.Spec.Units}.", nameof(tape));
            tape.Prepare(batch, timesteps, masks);
        }
        else EnsureScratch(batch);

        float[] xhAll = tape?.Xh ?? _xh;
        float[] cells = tape?.Cells ?? _cells;
        float[] gatesAll = tape?.Gates ?? _gates;
        float[]? mx = masks?.Input, mh = masks?.Recurrent;
        int bh = batch * _h;

        carry.C.AsSpan(0, bh).CopyTo(cells);
        WriteHidden(carry.H, mh, batch, xhAll.AsSpan(0, batch * _k));
        for (int t = 0; t < timesteps; t++)
        {
            int block = tape is null ? 0 : t;
            Span<float> xh = xhAll.AsSpan(block * batch * _k, batch * _k);
            Span<float> gates = gatesAll.AsSpan(block * batch * _g, batch * _g);
            for (int b = 0; b < batch; b++)
            {
                ReadOnlySpan<float> xs = x.Slice((b * timesteps + t) * _f, _f);
                Span<float> dst = xh.Slice(b * _k, _f);
                if (mx is null) xs.CopyTo(dst);
                else for (int i = 0; i < _f; i++) dst[i] = xs[i] * mx[b * _f + i];
            }
            Gemm.Multiply(xh, _k, false, _w, _g, false, gates, _g, batch, _g, _k, accumulate: false);

            Span<float> cPrev = cells.AsSpan(tape is null ? 0 : t * bh, bh);
            Span<float> cNext = cells.AsSpan(tape is null ? 0 : (t + 1) * bh, bh);
            Span<float> activatedCells = tape is null ? default : tape.ActivatedCells.AsSpan(t * bh, bh);
            Span<float> nextXh = t + 1 == timesteps ? default
                : xhAll.AsSpan((tape is null ? 0 : (t + 1)) * batch * _k, batch * _k);
            LstmCell.Forward(Spec, gates, _bias, cPrev, cNext, activatedCells, outputs, t, timesteps, nextXh, _f, mh, batch);
        }
        for (int b = 0; b < batch; b++)
            outputs.Slice((b * timesteps + timesteps - 1) * _h, _h).CopyTo(carry.H.AsSpan(b * _h, _h));
        cells.AsSpan(tape is null ? 0 : timesteps * bh, bh).CopyTo(carry.C);
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
        int batch = tape.Batch, timesteps = tape.Timesteps;
        if (timesteps == 0) throw new InvalidOperationException("LSTM backward: the tape has recorded no forward pass.");
        if (tape.Spec.InputSize != _f || tape.Spec.Units != _h)
            throw new ArgumentException(
                $"LSTM tape shape mismatch: expected input size {_f} and units {_h}, got {tape.Spec.InputSize} and {tape.Spec.Units}.", nameof(tape));
        if (gradients.InputSize != _f || gradients.Units != _h)
            throw new ArgumentException(
                $"LSTM gradients shape mismatch: expected input size {_f} and units {_h}, got {gradients.InputSize} and {gradients.Units}.", nameof(gradients));
        int bh = batch * _h;
        CheckLength(dOutputs, batch * timesteps * _h, nameof(dOutputs), $"(batch {batch}, timesteps {timesteps}, units {_h})");
        CheckOptional(dFinalH, bh, nameof(dFinalH), batch);
        CheckOptional(dFinalC, bh, nameof(dFinalC), batch);
        CheckOptional(dInitialH, bh, nameof(dInitialH), batch);
        CheckOptional(dInitialC, bh, nameof(dInitialC), batch);
        if (!dx.IsEmpty) CheckLength(dx, batch * timesteps * _f, nameof(dx), $"(batch {batch}, timesteps {timesteps}, features {_f})");

        float[]? mx = tape.Masks?.Input, mh = tape.Masks?.Recurrent;
        Span<float> dh = tape.HiddenGradient.AsSpan(0, bh), dc = tape.CellGradient.AsSpan(0, bh);
        if (dFinalH.IsEmpty) dh.Clear(); else dFinalH.CopyTo(dh);
        if (dFinalC.IsEmpty) dc.Clear(); else dFinalC.CopyTo(dc);
        int rows = batch * timesteps;
        Span<float> dGates = tape.GateGradients.AsSpan(0, rows * _g);
        for (int t = timesteps - 1; t >= 0; t--)
        {
            Span<float> dG = dGates.Slice(t * batch * _g, batch * _g);
            LstmCell.Backward(Spec, tape.Gates.AsSpan(t * batch * _g, batch * _g), tape.Cells.AsSpan(t * bh, bh),
                tape.ActivatedCells.AsSpan(t * bh, bh), dOutputs, t, timesteps, dh, dc, dG, batch);
            Gemm.Multiply(dG, _g, false, _whT, _h, false, dh, _h, batch, _h, _g, accumulate: false);
            if (mh is not null)
                for (int i = 0; i < bh; i++) dh[i] *= mh[i];
        }
        if (!dInitialH.IsEmpty) dh.CopyTo(dInitialH);
        if (!dInitialC.IsEmpty) dc.CopyTo(dInitialC);

        // Weight gradients over all steps at once: [x, h]ᵀ · dGates.
        Gemm.Multiply(tape.Xh, _k, true, dGates, _g, false, gradients.Kernel, _g, _f, _g, rows, accumulate: true);
        Gemm.Multiply(tape.Xh.AsSpan(_f), _k, true, dGates, _g, false, gradients.RecurrentKernel, _g, _h, _g, rows, accumulate: true);
        if (Spec.UseBias)
            for (int r = 0; r < rows; r++)
                for (int j = 0; j < _g; j++) gradients.Bias[j] += dGates[r * _g + j];

        if (!dx.IsEmpty)
        {
            Span<float> dxt = tape.InputGradients.AsSpan(0, rows * _f);
            Gemm.Multiply(dGates, _g, false, _wxT, _f, false, dxt, _f, rows, _f, _g, accumulate: false);
            for (int t = 0; t < timesteps; t++)
                for (int b = 0; b < batch; b++)
                    for (int i = 0; i < _f; i++)
                        dx[(b * timesteps + t) * _f + i] = dxt[(t * batch + b) * _f + i] * (mx is null ? 1f : mx[b * _f + i]);
        }
    }

    private void WriteHidden(ReadOnlySpan<float> h, float[]? mh, int batch, Span<float> xh)
    {
        for (int b = 0; b < batch; b++)
        {
            Span<float> dst = xh.Slice(b * _k + _f, _h);
            ReadOnlySpan<float> src = h.Slice(b * _h, _h);
            if (mh is null) src.CopyTo(dst);
            else for (int u = 0; u < _h; u++) dst[u] = src[u] * mh[b * _h + u];
        }
    }

    private void EnsureScratch(int batch)
    {
        if (_gates.Length >= batch * _g) return;
        _xh = new float[batch * _k];
        _gates = new float[batch * _g];
        _cells = new float[batch * _h];
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

    private static void Transpose(float[] source, int rows, int cols, float[] destination)
    {
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                destination[c * rows + r] = source[r * cols + c];
    }

    private static void CheckPositive(int value, string name)
    {
        if (value <= 0) throw new ArgumentOutOfRangeException(name, value, $"LSTM {name} must be positive.");
    }

    private static void CheckLength(ReadOnlySpan<float> span, int expected, string name, string shape)
    {
        if (span.Length != expected)
            throw new ArgumentException($"LSTM {name} length mismatch: expected {shape} = {expected} floats, got {span.Length}.", name);
    }

    private void CheckOptional(ReadOnlySpan<float> span, int expected, string name, int batch)
    {
        if (!span.IsEmpty && span.Length != expected)
            throw new ArgumentException($"LSTM {name} length mismatch: expected empty or (batch {batch}, units {_h}) = {expected} floats, got {span.Length}.", name);
    }
}
