using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LstmActors.Engine.Activations;

/// <summary>Activations and their derivatives on SIMD registers, for the fused LSTM cell.</summary>
internal static class VectorActivations
{
    /// <summary>a(x) on Vector512 lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Apply(Activation a, Vector512<float> x) => a switch
    {
        Activation.Tanh => Tanh(x),
        Activation.Sigmoid => Sigmoid(x),
        Activation.HardSigmoid => Vector512.Clamp(Vector512.FusedMultiplyAdd(x, Vector512.Create(0.2f), Vector512.Create(0.5f)), Vector512<float>.Zero, Vector512<float>.One),
        Activation.Relu => Vector512.Max(x, Vector512<float>.Zero),
        _ => x,
    };

    /// <summary>a'(x) from y = a(x) on Vector512 lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> DerivativeFromOutput(Activation a, Vector512<float> y) => a switch
    {
        Activation.Tanh => Vector512.FusedMultiplyAdd(-y, y, Vector512<float>.One),
        Activation.Sigmoid => y * (Vector512<float>.One - y),
        Activation.HardSigmoid => Vector512.ConditionalSelect(
            Vector512.GreaterThan(y, Vector512<float>.Zero) & Vector512.LessThan(y, Vector512<float>.One), Vector512.Create(0.2f), Vector512<float>.Zero),
        Activation.Relu => Vector512.ConditionalSelect(Vector512.GreaterThan(y, Vector512<float>.Zero), Vector512<float>.One, Vector512<float>.Zero),
        _ => Vector512<float>.One,
    };

    /// <summary>
    /// e^x on Vector512 lanes (Cephes expf: Cody-Waite reduction, degree-7 polynomial, exponent by integer shift), about 2 ulp;
    /// the runtime's Vector512.Exp is a slow software path on some CPUs. Inputs are clamped to [−87, 80], far past where the
    /// sigmoid and tanh built on it saturate; NaN stays NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> x)
    {
        // Constant first: the native min/max return the second operand when either is NaN, so NaN passes through.
        x = Vector512.MaxNative(Vector512.Create(-87f), Vector512.MinNative(Vector512.Create(80f), x));
        // Round to nearest by the 1.5·2^23 shifter; its low mantissa bits then hold n as an integer.
        Vector512<float> shifted = Vector512.FusedMultiplyAdd(x, Vector512.Create(1.44269504088896341f), Vector512.Create(12582912f));
        Vector512<float> n = shifted - Vector512.Create(12582912f);
        Vector512<float> r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-0.693359375f), x);
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(2.12194440e-4f), r);
        // The polynomial by Estrin's scheme: three short independent chains instead of one long one.
        Vector512<float> r2 = r * r;
        Vector512<float> low = Vector512.FusedMultiplyAdd(Vector512.Create(1.6666665459e-1f), r, Vector512.Create(5.0000001201e-1f));
        Vector512<float> mid = Vector512.FusedMultiplyAdd(Vector512.Create(8.3334519073e-3f), r, Vector512.Create(4.1665795894e-2f));
        Vector512<float> high = Vector512.FusedMultiplyAdd(Vector512.Create(1.9875691500e-4f), r, Vector512.Create(1.3981999507e-3f));
        Vector512<float> p = Vector512.FusedMultiplyAdd(r2 * r2, high, Vector512.FusedMultiplyAdd(r2, mid, low));
        p = Vector512.FusedMultiplyAdd(p, r2, r + Vector512<float>.One);
        Vector512<int> scale = Vector512.ShiftLeft(shifted.AsInt32() + Vector512.Create(127 - 0x4B400000), 23);
        return p * scale.AsSingle();
    }

    /// <summary>1/(1+e^-x) on Vector512 lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sigmoid(Vector512<float> x) => Reciprocal(Vector512<float>.One + Exp(-x));

    /// <summary>1/d for positive finite d on Vector512 lanes: the 14-bit hardware estimate and one Newton step (about 1 ulp), cheaper than a divide.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Reciprocal(Vector512<float> d)
    {
        Vector512<float> r = Avx512F.Reciprocal14(d);
        return r * Vector512.FusedMultiplyAdd(-d, r, Vector512.Create(2f));
    }

    /// <summary>
    /// tanh on Vector512 lanes: the odd/even rational minimax form (Eigen's float tanh: within 4e-7 of tanh everywhere, accurate in
    /// relative terms near zero too), clamped at ±7.905 where tanh rounds to ±1. No exponential: cheaper than one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Tanh(Vector512<float> x)
    {
        // Constant first: the native min/max return the second operand when either is NaN, so NaN passes through.
        x = Vector512.MaxNative(Vector512.Create(-7.90531110763549805f), Vector512.MinNative(Vector512.Create(7.90531110763549805f), x));
        Vector512<float> x2 = x * x;
        Vector512<float> p = Vector512.FusedMultiplyAdd(x2, Vector512.Create(-2.76076847742355e-16f), Vector512.Create(2.00018790482477e-13f));
        p = Vector512.FusedMultiplyAdd(x2, p, Vector512.Create(-8.60467152213735e-11f));
        p = Vector512.FusedMultiplyAdd(x2, p, Vector512.Create(5.12229709037114e-08f));
        p = Vector512.FusedMultiplyAdd(x2, p, Vector512.Create(1.48572235717979e-05f));
        p = Vector512.FusedMultiplyAdd(x2, p, Vector512.Create(6.37261928875436e-04f));
        p = Vector512.FusedMultiplyAdd(x2, p, Vector512.Create(4.89352455891786e-03f)) * x;
        Vector512<float> q = Vector512.FusedMultiplyAdd(x2, Vector512.Create(1.19825839466702e-06f), Vector512.Create(1.18534705686654e-04f));
        q = Vector512.FusedMultiplyAdd(x2, q, Vector512.Create(2.26843463243900e-03f));
        q = Vector512.FusedMultiplyAdd(x2, q, Vector512.Create(4.89352518554385e-03f));
        return p * Reciprocal(q);
    }

    /// <summary>a(x) on Vector256 lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Apply(Activation a, Vector256<float> x) => a switch
    {
        Activation.Tanh => Tanh(x),
        Activation.Sigmoid => Sigmoid(x),
        Activation.HardSigmoid => Vector256.Clamp(Vector256.FusedMultiplyAdd(x, Vector256.Create(0.2f), Vector256.Create(0.5f)), Vector256<float>.Zero, Vector256<float>.One),
        Activation.Relu => Vector256.Max(x, Vector256<float>.Zero),
        _ => x,
    };

    /// <summary>a'(x) from y = a(x) on Vector256 lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> DerivativeFromOutput(Activation a, Vector256<float> y) => a switch
    {
        Activation.Tanh => Vector256.FusedMultiplyAdd(-y, y, Vector256<float>.One),
        Activation.Sigmoid => y * (Vector256<float>.One - y),
        Activation.HardSigmoid => Vector256.ConditionalSelect(
            Vector256.GreaterThan(y, Vector256<float>.Zero) & Vector256.LessThan(y, Vector256<float>.One), Vector256.Create(0.2f), Vector256<float>.Zero),
        Activation.Relu => Vector256.ConditionalSelect(Vector256.GreaterThan(y, Vector256<float>.Zero), Vector256<float>.One, Vector256<float>.Zero),
        _ => Vector256<float>.One,
    };

    /// <summary>
    /// e^x on Vector256 lanes (Cephes expf: Cody-Waite reduction, degree-7 polynomial, exponent by integer shift), about 2 ulp;
    /// the runtime's Vector256.Exp is a slow software path on some CPUs. Inputs are clamped to [−87, 80], far past where the
    /// sigmoid and tanh built on it saturate; NaN stays NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> x)
    {
        // Constant first: the native min/max return the second operand when either is NaN, so NaN passes through.
        x = Vector256.MaxNative(Vector256.Create(-87f), Vector256.MinNative(Vector256.Create(80f), x));
        // Round to nearest by the 1.5·2^23 shifter; its low mantissa bits then hold n as an integer.
        Vector256<float> shifted = Vector256.FusedMultiplyAdd(x, Vector256.Create(1.44269504088896341f), Vector256.Create(12582912f));
        Vector256<float> n = shifted - Vector256.Create(12582912f);
        Vector256<float> r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-0.693359375f), x);
        r = Vector256.FusedMultiplyAdd(n, Vector256.Create(2.12194440e-4f), r);
        // The polynomial by Estrin's scheme: three short independent chains instead of one long one.
        Vector256<float> r2 = r * r;
        Vector256<float> low = Vector256.FusedMultiplyAdd(Vector256.Create(1.6666665459e-1f), r, Vector256.Create(5.0000001201e-1f));
        Vector256<float> mid = Vector256.FusedMultiplyAdd(Vector256.Create(8.3334519073e-3f), r, Vector256.Create(4.1665795894e-2f));
        Vector256<float> high = Vector256.FusedMultiplyAdd(Vector256.Create(1.9875691500e-4f), r, Vector256.Create(1.3981999507e-3f));
        Vector256<float> p = Vector256.FusedMultiplyAdd(r2 * r2, high, Vector256.FusedMultiplyAdd(r2, mid, low));
        p = Vector256.FusedMultiplyAdd(p, r2, r + Vector256<float>.One);
        Vector256<int> scale = Vector256.ShiftLeft(shifted.AsInt32() + Vector256.Create(127 - 0x4B400000), 23);
        return p * scale.AsSingle();
    }

    /// <summary>1/(1+e^-x) on Vector256 lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sigmoid(Vector256<float> x) => Vector256<float>.One / (Vector256<float>.One + Exp(-x));

    /// <summary>
    /// tanh on Vector256 lanes: the odd/even rational minimax form (Eigen's float tanh: within 4e-7 of tanh everywhere, accurate in
    /// relative terms near zero too), clamped at ±7.905 where tanh rounds to ±1. No exponential: cheaper than one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> x)
    {
        // Constant first: the native min/max return the second operand when either is NaN, so NaN passes through.
        x = Vector256.MaxNative(Vector256.Create(-7.90531110763549805f), Vector256.MinNative(Vector256.Create(7.90531110763549805f), x));
        Vector256<float> x2 = x * x;
        Vector256<float> p = Vector256.FusedMultiplyAdd(x2, Vector256.Create(-2.76076847742355e-16f), Vector256.Create(2.00018790482477e-13f));
        p = Vector256.FusedMultiplyAdd(x2, p, Vector256.Create(-8.60467152213735e-11f));
        p = Vector256.FusedMultiplyAdd(x2, p, Vector256.Create(5.12229709037114e-08f));
        p = Vector256.FusedMultiplyAdd(x2, p, Vector256.Create(1.48572235717979e-05f));
        p = Vector256.FusedMultiplyAdd(x2, p, Vector256.Create(6.37261928875436e-04f));
        p = Vector256.FusedMultiplyAdd(x2, p, Vector256.Create(4.89352455891786e-03f)) * x;
        Vector256<float> q = Vector256.FusedMultiplyAdd(x2, Vector256.Create(1.19825839466702e-06f), Vector256.Create(1.18534705686654e-04f));
        q = Vector256.FusedMultiplyAdd(x2, q, Vector256.Create(2.26843463243900e-03f));
        q = Vector256.FusedMultiplyAdd(x2, q, Vector256.Create(4.89352518554385e-03f));
        return p / q;
    }
}
