using System.Numerics.Tensors;
using LstmActors.Engine.Kernels;

namespace LstmActors.Engine.Recurrent;

/// <summary>
/// The loop GRU and SimpleRNN share over (batch, timesteps): the input products of all steps in one GEMM (or each step's own,
/// see <see cref="StepComputesInputProducts"/>), then per step the recurrent product and the cell (<see cref="ForwardStep"/>); backward runs the cells in reverse (<see cref="BackwardStep"/>),
/// then the weight and input gradients of all steps in a few GEMMs. A step only mixes values within a batch row, so its rows can
/// be split over <see cref="Threads"/>. Buffers live in a reusable <see cref="RecurrentTape"/>, so steady-state calls allocate
/// nothing. Not thread-safe: one kernel per thread of use.
/// </summary>
public abstract unsafe class RecurrentKernel : IPartitionedWork
{
    private readonly PackedMatrix _kernel = new();     // kernel (F, G): input products
    private readonly PackedMatrix _kernelT = new();    // kernelᵀ (G, F): input gradients
    private readonly float[] _inputBias;
    private readonly string _name;
    private RecurrentTape? _scratch;
    private bool _hasWeights;
    private WorkerTeam? _team;

    // The call in progress, for the parts its steps are split into.
    private Phase _phase;
    private RecurrentTape? _work;
    private int _t;
    private float* _px, _pOutputs, _pdOutputs;
    private int _sequenceLength;
    private float[]? _carryH;

    private protected RecurrentKernel(string name, int inputSize, int units, int gates, int biasRows, bool useBias)
    {
        if (inputSize <= 0) throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, $"{name} input size must be positive.");
        if (units <= 0) throw new ArgumentOutOfRangeException(nameof(units), units, $"{name} units must be positive.");
        _name = name;
        InputSize = inputSize;
        Units = units;
        GateColumns = gates * units;
        BiasRows = biasRows;
        UseBias = useBias;
        _inputBias = new float[GateColumns];
    }

    /// <summary>Features per timestep (F).</summary>
    public int InputSize { get; }

    /// <summary>Hidden units (H).</summary>
    public int Units { get; }

    /// <summary>Gate columns G of the kernels (gates · H).</summary>
    public int GateColumns { get; }

    /// <summary>Rows of the bias (2 when the recurrent product has its own).</summary>
    public int BiasRows { get; }

    /// <summary>Whether the layer adds its bias.</summary>
    public bool UseBias { get; }

    /// <summary>Zeroed weights (or a gradient accumulator) of this kernel's shape.</summary>
    public RecurrentWeights CreateWeights() => new(InputSize, Units, GateColumns / Units, BiasRows);

    /// <summary>A tape with room for (batch, timesteps).</summary>
    public RecurrentTape CreateTape(int batch, int timesteps) => new(InputSize, Units, GateColumns, batch, timesteps);

    /// <summary>Validates the weights' shapes and packs them for the products.</summary>
    public void SetWeights(RecurrentWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        RequireShape(weights, nameof(weights));
        int f = InputSize, g = GateColumns;
        _kernel.Pack(weights.Kernel, g, 1, f, g);
        _kernelT.Pack(weights.Kernel, 1, g, g, f);
        if (UseBias) weights.Bias.AsSpan(0, g).CopyTo(_inputBias);
        else Array.Clear(_inputBias);
        SetRecurrentWeights(weights);
        _hasWeights = true;
    }

    /// <summary>
    /// Threads the kernel splits batch rows over, counting the caller; 1 (the default) runs on the caller only. More than 1
    /// starts background threads, released when set back to 1. Small batches are not split.
    /// </summary>
    public int Threads
    {
        get => _team?.Threads ?? 1;
        set
        {
            if (value < 1) throw new ArgumentOutOfRangeException(nameof(value), value, $"{_name} kernel threads must be at least 1.");
            if (value == Threads) return;
            _team?.Dispose();
            _team = value == 1 ? null : new WorkerTeam(value);
        }
    }

    /// <summary>
    /// Runs the layer over x (batch, timesteps, F), advancing <paramref name="carry"/> in place from the initial to the final h,
    /// and writes h of every step to <paramref name="outputs"/> (batch, timesteps, H). Records into <paramref name="tape"/> when given.
    /// </summary>
    public void Forward(ReadOnlySpan<float> x, int batch, int timesteps, HiddenCarry carry, Span<float> outputs,
        RecurrentTape? tape = null, DropoutMasks? masks = null)
    {
        ArgumentNullException.ThrowIfNull(carry);
        if (!_hasWeights) throw new InvalidOperationException($"{_name} kernel has no weights: call SetWeights first.");
        if (batch <= 0) throw new ArgumentOutOfRangeException(nameof(batch), batch, $"{_name} batch must be positive.");
        if (timesteps <= 0) throw new ArgumentOutOfRangeException(nameof(timesteps), timesteps, $"{_name} timesteps must be positive.");
        int f = InputSize, h = Units;
        CheckLength(x, batch, timesteps, f, nameof(x), "features");
        CheckLength(outputs, batch, timesteps, h, nameof(outputs), "units");
        if (carry.Batch != batch || carry.Units != h)
            throw new ArgumentException(
                $"{_name} carry shape mismatch: expected (batch {batch}, units {h}), got (batch {carry.Batch}, units {carry.Units}).", nameof(carry));
        CheckMasks(masks, batch);
        if (tape is not null) CheckTape(tape);
        tape ??= _scratch ??= CreateTape(batch, timesteps);
        tape.Prepare(batch, timesteps, masks);

        int bh = batch * h;
        float[]? mh = masks?.Recurrent;
        Span<float> previous = tape.PreviousH.AsSpan(0, bh);
        if (mh is null) carry.H.CopyTo(previous);
        else TensorPrimitives.Multiply(carry.H, mh.AsSpan(0, bh), previous);
        fixed (float* px = x, pOutputs = outputs)
        {
            _work = tape;
            _px = px;
            _pOutputs = pOutputs;
            _sequenceLength = outputs.Length;
            _carryH = carry.H;
            Partition(Phase.InputProducts, batch * timesteps);
            for (int t = 0; t < timesteps; t++)
            {
                _t = t;
                Partition(Phase.ForwardStep, batch);
            }
            _work = null;
            _carryH = null;
        }
    }

    /// <summary>
    /// Backpropagation through time over what <paramref name="tape"/> recorded. dOutputs (batch, timesteps, H) is the gradient
    /// with respect to every step's h; dFinalH (batch, H) or empty. Adds the weight gradients into <paramref name="gradients"/>;
    /// writes dx (batch, timesteps, F) and dInitialH (batch, H) when non-empty.
    /// </summary>
    public void Backward(RecurrentTape tape, ReadOnlySpan<float> dOutputs, ReadOnlySpan<float> dFinalH, RecurrentWeights gradients,
        Span<float> dx, Span<float> dInitialH)
    {
        ArgumentNullException.ThrowIfNull(tape);
        ArgumentNullException.ThrowIfNull(gradients);
        CheckTape(tape);
        RequireShape(gradients, nameof(gradients));
        int batch = tape.Batch, timesteps = tape.Timesteps, f = InputSize, h = Units, g = GateColumns;
        if (timesteps == 0) throw new InvalidOperationException($"{_name} backward: the tape has recorded no forward pass.");
        int bh = batch * h, rows = batch * timesteps;
        CheckLength(dOutputs, batch, timesteps, h, nameof(dOutputs), "units");
        CheckOptional(dFinalH, bh, nameof(dFinalH), batch);
        CheckOptional(dInitialH, bh, nameof(dInitialH), batch);
        if (!dx.IsEmpty) CheckLength(dx, batch, timesteps, f, nameof(dx), "features");

        Span<float> carried = tape.CarriedGradient.AsSpan(0, bh);
        if (dFinalH.IsEmpty) carried.Clear(); else dFinalH.CopyTo(carried);
        fixed (float* pdOutputs = dOutputs)
        {
            _work = tape;
            _pdOutputs = pdOutputs;
            _sequenceLength = dOutputs.Length;
            for (int t = timesteps - 1; t >= 0; t--)
            {
                _t = t;
                Partition(Phase.BackwardStep, batch);
            }
            _work = null;
        }

        float[]? mx = tape.Masks?.Input;
        var inputGradients = tape.InputGradients.AsSpan(0, rows * g);
        AddTransposedProduct(tape.X.AsSpan(0, rows * f), f, inputGradients, g, g, gradients.Kernel, g, rows);
        if (UseBias) AddRows(inputGradients, g, gradients.Bias.AsSpan(0, g), rows);
        AddRecurrentGradients(tape, gradients, rows);

        if (!dx.IsEmpty)
            for (int t = 0; t < timesteps; t++)
            {
                // Rows of one step land T·F apart in dx.
                var stepDx = dx.Slice(t * f);
                Gemm.Compute(inputGradients.Slice(t * batch * g, batch * g), g, 1, _kernelT, stepDx, timesteps * f, batch, accumulate: false);
                if (mx is not null)
                    for (int b = 0; b < batch; b++)
                    {
                        var row = stepDx.Slice(b * timesteps * f, f);
                        TensorPrimitives.Multiply(row, mx.AsSpan(b * f, f), row);
                    }
            }
        if (!dInitialH.IsEmpty) carried.CopyTo(dInitialH);
    }

    private enum Phase { InputProducts, ForwardStep, BackwardStep }

    private void Partition(Phase phase, int count)
    {
        _phase = phase;
        if (_team is null) Run(0, count);
        else _team.Run(this, count, align: 4, minPart: 32);
    }

    void IPartitionedWork.Run(int start, int end) => Run(start, end);

    private void Run(int r0, int r1)
    {
        var tape = _work!;
        switch (_phase)
        {
            case Phase.InputProducts: InputProductRows(tape, r0, r1); break;
            case Phase.ForwardStep: ForwardRows(tape, r0, r1); break;
            default: BackwardRows(tape, r0, r1); break;
        }
    }

    /// <summary>
    /// Time-major rows [r0, r1) (row t·batch + b): x through the input mask into the tape, then x·W + input bias unless the steps
    /// compute their own.
    /// </summary>
    private void InputProductRows(RecurrentTape tape, int r0, int r1)
    {
        int f = InputSize, g = GateColumns, batch = tape.Batch, timesteps = tape.Timesteps;
        float[]? mx = tape.Masks?.Input;
        Span<float> inputs = tape.X.AsSpan(r0 * f, (r1 - r0) * f), products = tape.InputProducts.AsSpan(r0 * g, (r1 - r0) * g);
        for (int row = r0; row < r1; row++)
        {
            int t = row / batch, b = row - t * batch;
            var source = new ReadOnlySpan<float>(_px + (long)(b * timesteps + t) * f, f);
            var destination = inputs.Slice((row - r0) * f, f);
            if (mx is null) source.CopyTo(destination);
            else TensorPrimitives.Multiply(source, mx.AsSpan(b * f, f), destination);
            if (!StepComputesInputProducts) _inputBias.CopyTo(products.Slice((row - r0) * g, g));
        }
        if (!StepComputesInputProducts) Gemm.Compute(inputs, f, 1, _kernel, products, g, r1 - r0, accumulate: true);
    }

    /// <summary>Batch rows [r0, r1) of step t; h goes on to the next step through the recurrent mask, after the last step into the carry.</summary>
    private void ForwardRows(RecurrentTape tape, int r0, int r1)
    {
        int h = Units, t = _t, timesteps = tape.Timesteps, bh = tape.Batch * h;
        var outputs = new Span<float>(_pOutputs, _sequenceLength);
        ForwardStep(tape, t, outputs, r0, r1);
        bool last = t + 1 == timesteps;
        float[]? mh = tape.Masks?.Recurrent;
        Span<float> next = last ? _carryH : tape.PreviousH.AsSpan((t + 1) * bh, bh);
        for (int b = r0; b < r1; b++)
        {
            var hRow = outputs.Slice((b * timesteps + t) * h, h);
            if (last || mh is null) hRow.CopyTo(next.Slice(b * h, h));
            else TensorPrimitives.Multiply(hRow, mh.AsSpan(b * h, h), next.Slice(b * h, h));
        }
    }

    /// <summary>Batch rows [r0, r1) of step t backward: the gradient reaching h is dOutputs[:, t] plus the one carried from step t + 1.</summary>
    private void BackwardRows(RecurrentTape tape, int r0, int r1)
    {
        int h = Units, t = _t, timesteps = tape.Timesteps;
        var dOutputs = new ReadOnlySpan<float>(_pdOutputs, _sequenceLength);
        Span<float> carried = tape.CarriedGradient.AsSpan(r0 * h, (r1 - r0) * h), step = tape.StepGradient.AsSpan(r0 * h, (r1 - r0) * h);
        for (int b = r0; b < r1; b++)
            TensorPrimitives.Add(dOutputs.Slice((b * timesteps + t) * h, h), carried.Slice((b - r0) * h, h), step.Slice((b - r0) * h, h));
        BackwardStep(tape, t, r0, r1);
        if (tape.Masks?.Recurrent is { } mh) TensorPrimitives.Multiply(carried, mh.AsSpan(r0 * h, (r1 - r0) * h), carried);
    }

    /// <summary>
    /// Whether <see cref="ForwardStep"/> computes its rows' input products itself (<see cref="InputProducts"/>, bias added in the
    /// cell), so they are still in cache for the cell; otherwise they are computed for all steps up front, input bias included.
    /// </summary>
    private protected virtual bool StepComputesInputProducts => false;

    /// <summary>products (rows, G) = x (rows, F) · kernel, no bias.</summary>
    private protected void InputProducts(float* x, float* products, int rows) =>
        Gemm.Compute(x, InputSize, 1, _kernel, products, GateColumns, rows, accumulate: false);

    /// <summary>Packs the recurrent kernel (and recurrent bias) from validated weights.</summary>
    private protected abstract void SetRecurrentWeights(RecurrentWeights weights);

    /// <summary>
    /// Step t for batch rows [r0, r1): from the input products and the previous h as read (tape block t), fills the recurrent
    /// products and activated gates of block t and writes h of row b to outputs[b, t, :]. Touches no other rows.
    /// </summary>
    private protected abstract void ForwardStep(RecurrentTape tape, int t, Span<float> outputs, int r0, int r1);

    /// <summary>
    /// Step t backward for batch rows [r0, r1): from the gradient reaching h (<see cref="RecurrentTape.StepGradient"/>), fills the
    /// pre-activation gradients of block t and sets <see cref="RecurrentTape.CarriedGradient"/> to the gradient of the previous h
    /// as read. Touches no other rows.
    /// </summary>
    private protected abstract void BackwardStep(RecurrentTape tape, int t, int r0, int r1);

    /// <summary>Adds the recurrent kernel's (and recurrent bias') gradients over all recorded rows.</summary>
    private protected abstract void AddRecurrentGradients(RecurrentTape tape, RecurrentWeights gradients, int rows);

    /// <summary>Rows [r0, r1), (r1 − r0, width), of block t of a time-major tape buffer.</summary>
    private protected static Span<float> Rows(float[] buffer, RecurrentTape tape, int t, int width, int r0, int r1) =>
        buffer.AsSpan((t * tape.Batch + r0) * width, (r1 - r0) * width);

    /// <summary>c (+)= aᵀ·b over <paramref name="rows"/> rows: a is (rows, aColumns), b is (rows, columns) with row stride ldb.</summary>
    private protected static void AddTransposedProduct(ReadOnlySpan<float> a, int aColumns, ReadOnlySpan<float> b, int ldb, int columns,
        Span<float> c, int ldc, int rows) =>
        Gemm.Multiply(a, aColumns, true, b, ldb, false, c, ldc, aColumns, columns, rows, accumulate: true);

    /// <summary>sum += every row of <paramref name="matrix"/> (rows of width sum.Length, stride <paramref name="stride"/>).</summary>
    private protected static void AddRows(ReadOnlySpan<float> matrix, int stride, Span<float> sum, int rows)
    {
        for (int r = 0; r < rows; r++) TensorPrimitives.Add(sum, matrix.Slice(r * stride, sum.Length), sum);
    }

    private void RequireShape(RecurrentWeights weights, string name)
    {
        if (weights.InputSize != InputSize || weights.Units != Units || weights.Gates * weights.Units != GateColumns || weights.BiasRows != BiasRows)
            throw new ArgumentException(
                $"{_name} {name} shape mismatch: expected kernel ({InputSize}, {GateColumns}), recurrent kernel ({Units}, {GateColumns}), " +
                $"bias ({BiasRows}, {GateColumns}); got kernel ({weights.InputSize}, {weights.Gates * weights.Units}), " +
                $"recurrent kernel ({weights.Units}, {weights.Gates * weights.Units}), bias ({weights.BiasRows}, {weights.Gates * weights.Units}).", name);
    }

    private void CheckTape(RecurrentTape tape)
    {
        if (!tape.Fits(InputSize, Units, GateColumns))
            throw new ArgumentException($"{_name} tape was made for another layer shape (this one has input size {InputSize}, units {Units}).", nameof(tape));
    }

    private void CheckMasks(DropoutMasks? masks, int batch)
    {
        if (masks?.Input is { } mx && mx.Length != batch * InputSize)
            throw new ArgumentException($"{_name} input dropout mask length mismatch: expected (batch {batch}, features {InputSize}) = {batch * InputSize}, got {mx.Length}.", nameof(masks));
        if (masks?.Recurrent is { } mh && mh.Length != batch * Units)
            throw new ArgumentException($"{_name} recurrent dropout mask length mismatch: expected (batch {batch}, units {Units}) = {batch * Units}, got {mh.Length}.", nameof(masks));
    }

    private void CheckLength(ReadOnlySpan<float> span, int batch, int timesteps, int width, string name, string widthName)
    {
        int expected = batch * timesteps * width;
        if (span.Length != expected)
            throw new ArgumentException(
                $"{_name} {name} length mismatch: expected (batch {batch}, timesteps {timesteps}, {widthName} {width}) = {expected} floats, got {span.Length}.", name);
    }

    private void CheckOptional(ReadOnlySpan<float> span, int expected, string name, int batch)
    {
        if (!span.IsEmpty && span.Length != expected)
            throw new ArgumentException($"{_name} {name} length mismatch: expected empty or (batch {batch}, units {Units}) = {expected} floats, got {span.Length}.", name);
    }
}
