using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using LstmActors.Engine.Kernels;

namespace LstmActors.Engine.Activations;

/// <summary>Vectorized forward and backward passes of every <see cref="Activation"/>, and their Keras names.</summary>
public static class ActivationFunctions
{
    /// <summary>y = a(x) element-wise; y may alias x.</summary>
    public static void Forward(Activation a, ReadOnlySpan<float> x, Span<float> y)
    {
        if (y.Length != x.Length)
            throw new ArgumentException($"Activation output length {y.Length} does not match input length {x.Length}.", nameof(y));
        switch (a)
        {
            case Activation.Tanh: TensorPrimitives.Tanh(x, y); break;
            case Activation.Sigmoid: TensorPrimitives.Sigmoid(x, y); break;
            case Activation.HardSigmoid:
                TensorPrimitives.Multiply(x, 0.2f, y);
                TensorPrimitives.Add(y, 0.5f, y);
                TensorPrimitives.Clamp(y, 0f, 1f, y);
                break;
            case Activation.Relu: TensorPrimitives.Max(x, 0f, y); break;
            case Activation.Linear: x.CopyTo(y); break;
            case Activation.Softmax: throw RowsOnly();
            default: throw new ArgumentOutOfRangeException(nameof(a), a, "Unknown activation.");
        }
    }

    /// <summary>dx = dy · a'(x), with the derivative taken from the output y = a(x); dx may alias dy.</summary>
    public static void Backward(Activation a, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        if (dy.Length != y.Length || dx.Length != y.Length)
            throw new ArgumentException($"Activation backward lengths differ: y {y.Length}, dy {dy.Length}, dx {dx.Length}.", nameof(dx));
        if (a == Activation.Softmax) throw RowsOnly();
        int i = 0;
        if (KernelPaths.Current != KernelPath.Scalar)
            for (; i + 8 <= y.Length; i += 8)
                (VectorActivations.DerivativeFromOutput(a, Vector256.Create(y.Slice(i, 8))) * Vector256.Create(dy.Slice(i, 8))).CopyTo(dx.Slice(i, 8));
        for (; i < y.Length; i++)
            dx[i] = dy[i] * DerivativeFromOutput(a, y[i]);
    }

    /// <summary>y = a(x) on rows of <paramref name="rowLength"/> values (the last axis), so softmax too; y may alias x.</summary>
    public static void ForwardRows(Activation a, ReadOnlySpan<float> x, Span<float> y, int rowLength)
    {
        if (a == Activation.Softmax) Softmax.Forward(x, y, rowLength);
        else Forward(a, x, y);
    }

    /// <summary>dx from dy and y = a(x) on rows of <paramref name="rowLength"/> values, so softmax too; dx may alias dy.</summary>
    public static void BackwardRows(Activation a, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int rowLength)
    {
        if (a == Activation.Softmax) Softmax.Backward(y, dy, dx, rowLength);
        else Backward(a, y, dy, dx);
    }

    /// <summary>The activation named as in Keras ("tanh", "sigmoid", "hard_sigmoid", "relu", "linear", "softmax"; null or empty is linear).</summary>
    public static Activation Parse(string? kerasName) => kerasName switch
    {
        null or "" or "linear" => Activation.Linear,
        "tanh" => Activation.Tanh,
        "sigmoid" => Activation.Sigmoid,
        "hard_sigmoid" => Activation.HardSigmoid,
        "relu" => Activation.Relu,
        "softmax" => Activation.Softmax,
        _ => throw new ArgumentException(
            $"Unknown activation '{kerasName}'; expected one of tanh, sigmoid, hard_sigmoid, relu, linear, softmax.", nameof(kerasName)),
    };

    /// <summary>The Keras name of an activation.</summary>
    public static string KerasName(Activation a) => a switch
    {
        Activation.Tanh => "tanh",
        Activation.Sigmoid => "sigmoid",
        Activation.HardSigmoid => "hard_sigmoid",
        Activation.Relu => "relu",
        Activation.Linear => "linear",
        Activation.Softmax => "softmax",
        _ => throw new ArgumentOutOfRangeException(nameof(a), a, "Unknown activation."),
    };

    private static ArgumentException RowsOnly() =>
        new("softmax normalizes over the last axis; use ForwardRows / BackwardRows with the row length.");

    /// <summary>a'(x) expressed through y = a(x).</summary>
    internal static float DerivativeFromOutput(Activation a, float y) => a switch
    {
        Activation.Tanh => 1f - y * y,
        Activation.Sigmoid => y * (1f - y),
        Activation.HardSigmoid => y > 0f && y < 1f ? 0.2f : 0f,
        Activation.Relu => y > 0f ? 1f : 0f,
        _ => 1f,
    };

    /// <summary>a(x) for one value.</summary>
    internal static float Apply(Activation a, float x) => a switch
    {
        Activation.Tanh => MathF.Tanh(x),
        Activation.Sigmoid => 1f / (1f + MathF.Exp(-x)),
        Activation.HardSigmoid => Math.Clamp(0.2f * x + 0.5f, 0f, 1f),
        Activation.Relu => MathF.Max(x, 0f),
        _ => x,
    };
}
