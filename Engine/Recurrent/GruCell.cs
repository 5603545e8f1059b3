using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using LstmActors.Engine.Activations;
using LstmActors.Engine.Kernels;

namespace LstmActors.Engine.Recurrent;

/// <summary>The element-wise part of one GRU step with resetAfter, after the recurrent product: gates, new h, and their gradients.</summary>
internal static unsafe class GruCell
{
    /// <summary>
    /// For n rows: from the input products x·W and the recurrent products h·U (n, 3H each, no bias) adds the biases
    /// (<paramref name="bias"/>: b_z + b'_z, b_r + b'_r, b'_h, b_h), keeps the candidate's h·U_h + b'_h in
    /// <paramref name="recurrent"/> for backward, and writes the activated gates z, r, h̃ (n, 3H) and h' = z ⊙ (h − h̃) + h̃ of
    /// row i to output + i·outputStride.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(GruSpec spec, float* inputs, float* recurrent, float* bias, float* gates, float* previous,
        float* output, int outputStride, int n)
    {
        int h = spec.Units, g = 3 * h;
        Activation act = spec.Activation, ract = spec.RecurrentActivation;
        KernelPath path = KernelPaths.Current;
        for (int i = 0; i < n; i++)
        {
            float* x = inputs + (long)i * g, rc = recurrent + (long)i * g, gate = gates + (long)i * g;
            float* hp = previous + (long)i * h, y = output + (long)i * outputStride;
            int u = 0;
            // One fused pass over the row's lanes: the gates stay in registers between the activations and the mix.
            if (path == KernelPath.Vector512)
                for (; u + 16 <= h; u += 16)
                {
                    var z = VectorActivations.Apply(ract, Vector512.Load(x + u) + Vector512.Load(rc + u) + Vector512.Load(bias + u));
                    var r = VectorActivations.Apply(ract, Vector512.Load(x + h + u) + Vector512.Load(rc + h + u) + Vector512.Load(bias + h + u));
                    var ph = Vector512.Load(rc + 2 * h + u) + Vector512.Load(bias + 2 * h + u);
                    var c = VectorActivations.Apply(act, Vector512.FusedMultiplyAdd(r, ph, Vector512.Load(x + 2 * h + u) + Vector512.Load(bias + 3 * h + u)));
                    z.Store(gate + u); r.Store(gate + h + u); c.Store(gate + 2 * h + u); ph.Store(rc + 2 * h + u);
                    Vector512.FusedMultiplyAdd(z, Vector512.Load(hp + u) - c, c).Store(y + u);
                }
            if (path != KernelPath.Scalar)
                for (; u + 8 <= h; u += 8)
                {
                    var z = VectorActivations.Apply(ract, Vector256.Load(x + u) + Vector256.Load(rc + u) + Vector256.Load(bias + u));
                    var r = VectorActivations.Apply(ract, Vector256.Load(x + h + u) + Vector256.Load(rc + h + u) + Vector256.Load(bias + h + u));
                    var ph = Vector256.Load(rc + 2 * h + u) + Vector256.Load(bias + 2 * h + u);
                    var c = VectorActivations.Apply(act, Vector256.FusedMultiplyAdd(r, ph, Vector256.Load(x + 2 * h + u) + Vector256.Load(bias + 3 * h + u)));
                    z.Store(gate + u); r.Store(gate + h + u); c.Store(gate + 2 * h + u); ph.Store(rc + 2 * h + u);
                    Vector256.FusedMultiplyAdd(z, Vector256.Load(hp + u) - c, c).Store(y + u);
                }
            for (; u < h; u++)
            {
                float z = ActivationFunctions.Apply(ract, x[u] + rc[u] + bias[u]);
                float r = ActivationFunctions.Apply(ract, x[h + u] + rc[h + u] + bias[h + u]);
                float ph = rc[2 * h + u] + bias[2 * h + u];
                float c = ActivationFunctions.Apply(act, MathF.FusedMultiplyAdd(r, ph, x[2 * h + u] + bias[3 * h + u]));
                gate[u] = z; gate[h + u] = r; gate[2 * h + u] = c; rc[2 * h + u] = ph;
                y[u] = MathF.FusedMultiplyAdd(z, hp[u] - c, c);
            }
        }
    }

    /// <summary>
    /// For n rows backward: from the gates, the candidate's recurrent product, the previous h and the gradient reaching h' (dh),
    /// writes the pre-activation gradients of the input side (dz, dr, dh̃) and of the recurrent side (dz, dr, dh̃ ⊙ r), (n, 3H) each,
    /// and dh ⊙ z, the direct path to the previous h, into <paramref name="carried"/> (n, H).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(GruSpec spec, float* gates, float* recurrent, float* previous, float* dh, float* dInputs,
        float* dRecurrent, float* carried, int n)
    {
        int h = spec.Units, g = 3 * h;
        Activation act = spec.Activation, ract = spec.RecurrentActivation;
        KernelPath path = KernelPaths.Current;
        for (int i = 0; i < n; i++)
        {
            float* gate = gates + (long)i * g, rc = recurrent + (long)i * g, dIn = dInputs + (long)i * g, dRec = dRecurrent + (long)i * g;
            float* hp = previous + (long)i * h, d = dh + (long)i * h, carry = carried + (long)i * h;
            int u = 0;
            if (path == KernelPath.Vector512)
                for (; u + 16 <= h; u += 16)
                {
                    Vector512<float> z = Vector512.Load(gate + u), r = Vector512.Load(gate + h + u), c = Vector512.Load(gate + 2 * h + u);
                    Vector512<float> dy = Vector512.Load(d + u), direct = dy * z;
                    var dz = dy * (Vector512.Load(hp + u) - c) * VectorActivations.DerivativeFromOutput(ract, z);
                    var dc = (dy - direct) * VectorActivations.DerivativeFromOutput(act, c);
                    var dr = dc * Vector512.Load(rc + 2 * h + u) * VectorActivations.DerivativeFromOutput(ract, r);
                    dz.Store(dIn + u); dr.Store(dIn + h + u); dc.Store(dIn + 2 * h + u);
                    dz.Store(dRec + u); dr.Store(dRec + h + u); (dc * r).Store(dRec + 2 * h + u);
                    direct.Store(carry + u);
                }
            if (path != KernelPath.Scalar)
                for (; u + 8 <= h; u += 8)
                {
                    Vector256<float> z = Vector256.Load(gate + u), r = Vector256.Load(gate + h + u), c = Vector256.Load(gate + 2 * h + u);
                    Vector256<float> dy = Vector256.Load(d + u), direct = dy * z;
                    var dz = dy * (Vector256.Load(hp + u) - c) * VectorActivations.DerivativeFromOutput(ract, z);
                    var dc = (dy - direct) * VectorActivations.DerivativeFromOutput(act, c);
                    var dr = dc * Vector256.Load(rc + 2 * h + u) * VectorActivations.DerivativeFromOutput(ract, r);
                    dz.Store(dIn + u); dr.Store(dIn + h + u); dc.Store(dIn + 2 * h + u);
                    dz.Store(dRec + u); dr.Store(dRec + h + u); (dc * r).Store(dRec + 2 * h + u);
                    direct.Store(carry + u);
                }
            for (; u < h; u++)
            {
                float z = gate[u], r = gate[h + u], c = gate[2 * h + u], dy = d[u], direct = dy * z;
                float dz = dy * (hp[u] - c) * ActivationFunctions.DerivativeFromOutput(ract, z);
                float dc = (dy - direct) * ActivationFunctions.DerivativeFromOutput(act, c);
                float dr = dc * rc[2 * h + u] * ActivationFunctions.DerivativeFromOutput(ract, r);
                dIn[u] = dz; dIn[h + u] = dr; dIn[2 * h + u] = dc;
                dRec[u] = dz; dRec[h + u] = dr; dRec[2 * h + u] = dc * r;
                carry[u] = direct;
            }
        }
    }
}
