using System.Numerics.Tensors;
using LstmActors.Engine.Activations;
using LstmActors.Engine.Kernels;

namespace LstmActors.Engine.Recurrent;

/// <summary>The SimpleRNN cell on the shared recurrent loop: h' = activation(x·W + h·U + b).</summary>
public sealed class SimpleRnnKernel : RecurrentKernel
{
    private readonly PackedMatrix _recurrent = new();    // U (H, H)
    private readonly PackedMatrix _recurrentT = new();   // Uᵀ: hidden gradients

    /// <summary>A kernel for the given layer shape; call <see cref="RecurrentKernel.SetWeights"/> before use.</summary>
    public SimpleRnnKernel(SimpleRnnSpec spec)
        : base("SimpleRNN", spec.InputSize, spec.Units, 1, 1, spec.UseBias)
    {
        Spec = spec;
    }

    /// <summary>The layer shape.</summary>
    public SimpleRnnSpec Spec { get; }

    private protected override void SetRecurrentWeights(RecurrentWeights weights)
    {
        _recurrent.Pack(weights.RecurrentKernel, Units, 1, Units, Units);
        _recurrentT.Pack(weights.RecurrentKernel, 1, Units, Units, Units);
    }

    private protected override void ForwardStep(RecurrentTape tape, int t, Span<float> outputs, int r0, int r1)
    {
        int h = Units;
        Span<float> recurrent = Rows(tape.RecurrentProducts, tape, t, h, r0, r1), gates = Rows(tape.Gates, tape, t, h, r0, r1);
        Gemm.Compute(Rows(tape.PreviousH, tape, t, h, r0, r1), h, 1, _recurrent, recurrent, h, r1 - r0, accumulate: false);
        TensorPrimitives.Add(Rows(tape.InputProducts, tape, t, h, r0, r1), recurrent, gates);
        ActivationFunctions.Forward(Spec.Activation, gates, gates);
        for (int b = r0; b < r1; b++) gates.Slice((b - r0) * h, h).CopyTo(outputs.Slice((b * tape.Timesteps + t) * h, h));
    }

    private protected override void BackwardStep(RecurrentTape tape, int t, int r0, int r1)
    {
        int h = Units, n = r1 - r0;
        Span<float> dInputs = Rows(tape.InputGradients, tape, t, h, r0, r1);
        ActivationFunctions.Backward(Spec.Activation, Rows(tape.Gates, tape, t, h, r0, r1), tape.StepGradient.AsSpan(r0 * h, n * h), dInputs);
        Gemm.Compute(dInputs, h, 1, _recurrentT, tape.CarriedGradient.AsSpan(r0 * h, n * h), h, n, accumulate: false);
    }

    private protected override void AddRecurrentGradients(RecurrentTape tape, RecurrentWeights gradients, int rows) =>
        AddTransposedProduct(tape.PreviousH.AsSpan(0, rows * Units), Units, tape.InputGradients.AsSpan(0, rows * Units), Units, Units,
            gradients.RecurrentKernel, Units, rows);
}
