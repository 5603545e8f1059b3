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

    private protected override void ForwardStep(RecurrentTape tape, int t, Span<float> outputs)
    {
        int batch = tape.Batch, h = Units;
        Span<float> recurrent = Block(tape.RecurrentProducts, tape, t, h), gates = Block(tape.Gates, tape, t, h);
        Gemm.Compute(Block(tape.PreviousH, tape, t, h), h, 1, _recurrent, recurrent, h, batch, accumulate: false);
        TensorPrimitives.Add(Block(tape.InputProducts, tape, t, h), recurrent, gates);
        ActivationFunctions.Forward(Spec.Activation, gates, gates);
        for (int b = 0; b < batch; b++) gates.Slice(b * h, h).CopyTo(outputs.Slice((b * tape.Timesteps + t) * h, h));
    }

    private protected override void BackwardStep(RecurrentTape tape, int t)
    {
        int batch = tape.Batch, h = Units;
        Span<float> dInputs = Block(tape.InputGradients, tape, t, h);
        ActivationFunctions.Backward(Spec.Activation, Block(tape.Gates, tape, t, h), tape.StepGradient.AsSpan(0, batch * h), dInputs);
        Gemm.Compute(dInputs, h, 1, _recurrentT, tape.CarriedGradient.AsSpan(0, batch * h), h, batch, accumulate: false);
    }

    private protected override void AddRecurrentGradients(RecurrentTape tape, RecurrentWeights gradients, int rows) =>
        AddTransposedProduct(tape.PreviousH.AsSpan(0, rows * Units), Units, tape.InputGradients.AsSpan(0, rows * Units), Units, Units,
            gradients.RecurrentKernel, Units, rows);
}
