using System.Numerics.Tensors;
using LstmActors.Engine.Activations;
using LstmActors.Engine.Kernels;

namespace LstmActors.Engine.Recurrent;

/// <summary>
/// The GRU cell on the shared recurrent loop, Keras gate order z, r, h:
/// z = σ(x·W_z + h·U_z + b_z), r = σ(x·W_r + h·U_r + b_r), h̃ = tanh(x·W_h + b_h + r ⊙ (h·U_h + b'_h)) with resetAfter
/// (tanh(x·W_h + b_h + (r ⊙ h)·U_h) without), h' = z ⊙ h + (1 − z) ⊙ h̃.
/// </summary>
public sealed unsafe class GruKernel : RecurrentKernel
{
    private readonly PackedMatrix _recurrent = new();    // resetAfter: U (H, 3H); otherwise U_zr (H, 2H)
    private readonly PackedMatrix _recurrentT = new();   // its transpose: hidden gradients
    private readonly PackedMatrix _candidate = new();    // without resetAfter: U_h (H, H)
    private readonly PackedMatrix _candidateT = new();   // and its transpose
    private readonly float[] _cellBias;                  // resetAfter: b_z + b'_z, b_r + b'_r, b'_h, b_h (zeros without bias)

    /// <summary>Row blocks small enough that a block's products stay in cache between the product and the cell.</summary>
    private const int RowBlock = 32;

    /// <summary>A kernel for the given layer shape; call <see cref="RecurrentKernel.SetWeights"/> before use.</summary>
    public GruKernel(GruSpec spec)
        : base("GRU", spec.InputSize, spec.Units, 3, spec.ResetAfter ? 2 : 1, spec.UseBias)
    {
        Spec = spec;
        _cellBias = new float[4 * spec.Units];
    }

    /// <summary>The layer shape.</summary>
    public GruSpec Spec { get; }

    private protected override void SetRecurrentWeights(RecurrentWeights weights)
    {
        int h = Units, g = GateColumns;
        float[] u = weights.RecurrentKernel;
        if (Spec.ResetAfter)
        {
            _recurrent.Pack(u, g, 1, h, g);
            _recurrentT.Pack(u, 1, g, g, h);
            // The cell adds both bias rows: z and r see their sum, the candidate its recurrent bias inside r ⊙ (h·U_h + b'_h).
            Array.Clear(_cellBias);
            if (UseBias)
            {
                TensorPrimitives.Add(weights.Bias.AsSpan(0, 2 * h), weights.Bias.AsSpan(g, 2 * h), _cellBias.AsSpan(0, 2 * h));
                weights.Bias.AsSpan(g + 2 * h, h).CopyTo(_cellBias.AsSpan(2 * h));
                weights.Bias.AsSpan(2 * h, h).CopyTo(_cellBias.AsSpan(3 * h));
            }
            return;
        }
        _recurrent.Pack(u, g, 1, h, 2 * h);
        _recurrentT.Pack(u, 1, g, 2 * h, h);
        _candidate.Pack(u.AsSpan(2 * h), g, 1, h, h);
        _candidateT.Pack(u.AsSpan(2 * h), 1, g, h, h);
    }

    private protected override bool StepComputesInputProducts => Spec.ResetAfter;

    private protected override void ForwardStep(RecurrentTape tape, int t, Span<float> outputs, int r0, int r1)
    {
        int n = r1 - r0, h = Units, g = GateColumns;
        Span<float> previous = Rows(tape.PreviousH, tape, t, h, r0, r1), recurrent = Rows(tape.RecurrentProducts, tape, t, g, r0, r1);
        Span<float> inputs = Rows(tape.InputProducts, tape, t, g, r0, r1), gates = Rows(tape.Gates, tape, t, g, r0, r1);
        if (Spec.ResetAfter)
        {
            int f = InputSize, stride = tape.Timesteps * h;
            fixed (float* pPrevious = previous, pRecurrent = recurrent, pInputs = inputs, pGates = gates, pBias = _cellBias, pAll = outputs,
                   pX = Rows(tape.X, tape, t, f, r0, r1))
            {
                float* pOutputs = pAll + ((long)r0 * tape.Timesteps + t) * h;
                for (int b0 = 0; b0 < n; b0 += RowBlock)
                {
                    int rows = Math.Min(RowBlock, n - b0);
                    InputProducts(pX + (long)b0 * f, pInputs + (long)b0 * g, rows);
                    Gemm.Compute(pPrevious + (long)b0 * h, h, 1, _recurrent, pRecurrent + (long)b0 * g, g, rows, accumulate: false);
                    GruCell.Forward(Spec, pInputs + (long)b0 * g, pRecurrent + (long)b0 * g, pBias, pGates + (long)b0 * g,
                        pPrevious + (long)b0 * h, pOutputs + (long)b0 * stride, stride, rows);
                }
            }
            return;
        }
        Span<float> resetH = Rows(tape.Extra, tape, t, h, r0, r1);
        Gemm.Compute(previous, h, 1, _recurrent, recurrent, g, n, accumulate: false);
        for (int i = 0; i < n; i++)
        {
            Span<float> gate = gates.Slice(i * g, g);
            UpdateAndReset(inputs.Slice(i * g, g), recurrent.Slice(i * g, g), gate);
            TensorPrimitives.Multiply(gate.Slice(h, h), previous.Slice(i * h, h), resetH.Slice(i * h, h));
        }
        Gemm.Compute(resetH, h, 1, _candidate, recurrent[(2 * h)..], g, n, accumulate: false);
        for (int i = 0; i < n; i++)
        {
            Span<float> gate = gates.Slice(i * g, g);
            TensorPrimitives.Add(inputs.Slice(i * g + 2 * h, h), recurrent.Slice(i * g + 2 * h, h), gate[(2 * h)..]);
            Mix(gate, previous.Slice(i * h, h), Output(outputs, tape, r0 + i, t));
        }
    }

    private protected override void BackwardStep(RecurrentTape tape, int t, int r0, int r1)
    {
        int n = r1 - r0, h = Units, g = GateColumns;
        Span<float> previous = Rows(tape.PreviousH, tape, t, h, r0, r1), recurrent = Rows(tape.RecurrentProducts, tape, t, g, r0, r1);
        Span<float> gates = Rows(tape.Gates, tape, t, g, r0, r1), dInputs = Rows(tape.InputGradients, tape, t, g, r0, r1);
        Span<float> dh = tape.StepGradient.AsSpan(r0 * h, n * h), carried = tape.CarriedGradient.AsSpan(r0 * h, n * h);
        Span<float> spare = tape.Spare.AsSpan(r0 * h, n * h), scratch = tape.SecondSpare.AsSpan(r0 * h, n * h);
        if (Spec.ResetAfter)
        {
            Span<float> dRecurrent = Rows(tape.RecurrentGradients, tape, t, g, r0, r1);
            fixed (float* pGates = gates, pRecurrent = recurrent, pPrevious = previous, pdh = dh, pdInputs = dInputs,
                   pdRecurrent = dRecurrent, pCarried = carried)
                for (int b0 = 0; b0 < n; b0 += RowBlock)
                {
                    int rows = Math.Min(RowBlock, n - b0);
                    GruCell.Backward(Spec, pGates + (long)b0 * g, pRecurrent + (long)b0 * g, pPrevious + (long)b0 * h, pdh + (long)b0 * h,
                        pdInputs + (long)b0 * g, pdRecurrent + (long)b0 * g, pCarried + (long)b0 * h, rows);
                    // The previous h's gradient: the direct path plus dRecurrent · Uᵀ.
                    Gemm.Compute(pdRecurrent + (long)b0 * g, g, 1, _recurrentT, pCarried + (long)b0 * h, h, rows, accumulate: true);
                }
            return;
        }
        for (int i = 0; i < n; i++)
            UpdateAndCandidateGradients(gates.Slice(i * g, g), previous.Slice(i * h, h), dh.Slice(i * h, h), dInputs.Slice(i * g, g),
                carried.Slice(i * h, h), scratch.Slice(i * h, h));
        // d(r ⊙ h) = dh̃ · U_hᵀ, then dr = d(r ⊙ h) ⊙ h and the previous h gets d(r ⊙ h) ⊙ r.
        Gemm.Compute(dInputs[(2 * h)..], g, 1, _candidateT, spare, h, n, accumulate: false);
        for (int i = 0; i < n; i++)
        {
            Span<float> gate = gates.Slice(i * g, g), dReset = spare.Slice(i * h, h), carriedRow = carried.Slice(i * h, h);
            Span<float> row = scratch.Slice(i * h, h);
            TensorPrimitives.Multiply(dReset, previous.Slice(i * h, h), row);
            ActivationFunctions.Backward(Spec.RecurrentActivation, gate.Slice(h, h), row, dInputs.Slice(i * g + h, h));
            TensorPrimitives.MultiplyAdd(dReset, gate.Slice(h, h), carriedRow, carriedRow);
        }
        Gemm.Compute(dInputs, g, 1, _recurrentT, carried, h, n, accumulate: true);
    }

    private protected override void AddRecurrentGradients(RecurrentTape tape, RecurrentWeights gradients, int rows)
    {
        int h = Units, g = GateColumns;
        ReadOnlySpan<float> previous = tape.PreviousH.AsSpan(0, rows * h);
        if (Spec.ResetAfter)
        {
            ReadOnlySpan<float> dRecurrent = tape.RecurrentGradients.AsSpan(0, rows * g);
            AddTransposedProduct(previous, h, dRecurrent, g, g, gradients.RecurrentKernel, g, rows);
            if (UseBias) AddRows(dRecurrent, g, gradients.Bias.AsSpan(g, g), rows);
            return;
        }
        ReadOnlySpan<float> dInputs = tape.InputGradients.AsSpan(0, rows * g);
        AddTransposedProduct(previous, h, dInputs, g, 2 * h, gradients.RecurrentKernel, g, rows);
        AddTransposedProduct(tape.Extra.AsSpan(0, rows * h), h, dInputs[(2 * h)..], g, h, gradients.RecurrentKernel.AsSpan(2 * h), g, rows);
    }

    private Span<float> Output(Span<float> outputs, RecurrentTape tape, int b, int t) => outputs.Slice((b * tape.Timesteps + t) * Units, Units);

    /// <summary>z and r: σ of input plus recurrent products, into the gate row's first 2H.</summary>
    private void UpdateAndReset(ReadOnlySpan<float> inputs, ReadOnlySpan<float> recurrent, Span<float> gate)
    {
        int width = 2 * Units;
        TensorPrimitives.Add(inputs[..width], recurrent[..width], gate[..width]);
        ActivationFunctions.Forward(Spec.RecurrentActivation, gate[..width], gate[..width]);
    }

    /// <summary>Activates the candidate pre-activation in place and writes h' = z ⊙ (h − h̃) + h̃.</summary>
    private void Mix(Span<float> gate, ReadOnlySpan<float> previous, Span<float> output)
    {
        int h = Units;
        Span<float> candidate = gate[(2 * h)..];
        ActivationFunctions.Forward(Spec.Activation, candidate, candidate);
        TensorPrimitives.Subtract(previous, candidate, output);
        TensorPrimitives.MultiplyAdd(gate[..h], output, candidate, output);
    }

    /// <summary>dz and dh̃ pre-activations into dInput (first and last H), and dh ⊙ z, the direct path to the previous h, into carried.</summary>
    private void UpdateAndCandidateGradients(ReadOnlySpan<float> gate, ReadOnlySpan<float> previous, ReadOnlySpan<float> dh,
        Span<float> dInput, Span<float> carried, Span<float> scratch)
    {
        int h = Units;
        ReadOnlySpan<float> z = gate[..h], candidate = gate[(2 * h)..];
        TensorPrimitives.Subtract(previous, candidate, scratch);
        TensorPrimitives.Multiply(scratch, dh, scratch);
        ActivationFunctions.Backward(Spec.RecurrentActivation, z, scratch, dInput[..h]);
        TensorPrimitives.Multiply(dh, z, carried);
        TensorPrimitives.Subtract(dh, carried, scratch);
        ActivationFunctions.Backward(Spec.Activation, candidate, scratch, dInput[(2 * h)..]);
    }
}
