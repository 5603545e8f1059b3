using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using LstmActors.Engine.Activations;
using LstmActors.Engine.Kernels;

namespace LstmActors.Engine.Recurrent;

/// <summary>The element-wise part of one LSTM step, after the gate product: activations, cell update, and their gradients.</summary>
internal static unsafe class LstmCell
{
    /// <summary>
    /// For rows [r0, r1) of step t: activates the pre-activation gates (B, 4H, bias included) and updates the cell
    /// (cPrev → cNext, may alias). When recording (activatedCells not null) keeps the activated gates in place and activation(c).
    /// Writes h to outputs[:, t, :] and, masked by mh when given, to nextH (row b at nextH + b·nextStride): the h part of the
    /// next step's [x, h, 1] rows, or the caller's carry after the last step. Null pointers mean "not wanted".
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(LstmSpec spec, float* gates, float* cPrev, float* cNext, float* activatedCells,
        float* outputs, int t, int timesteps, float* nextH, int nextStride, float* mh, int r0, int r1)
    {
        int h = spec.Units, g4 = 4 * h;
        Activation act = spec.Activation, ract = spec.RecurrentActivation;
        KernelPath path = KernelPaths.Current;
        // The last few units of a row go through full vectors on these lane buffers rather than a slow scalar loop.
        float* tail = stackalloc float[TailLanes * 10];
        for (int b = r0; b < r1; b++)
        {
            float* z = gates + (long)b * g4;
            float* cp = cPrev + (long)b * h;
            float* cn = cNext + (long)b * h;
            float* acs = activatedCells == null ? null : activatedCells + (long)b * h;
            float* y = outputs + ((long)b * timesteps + t) * h;
            float* nx = nextH == null ? null : nextH + (long)b * nextStride;
            float* m = mh == null ? null : mh + (long)b * h;
            int u = 0;
            if (path == KernelPath.Vector512)
                for (; u + 16 <= h; u += 16)
                    Forward512(act, ract, z + u, z + h + u, z + 2 * h + u, z + 3 * h + u, cp + u, cn + u, Offset(acs, u), y + u, Offset(nx, u), Offset(m, u));
            if (path == KernelPath.Scalar)
            {
                ForwardScalar(act, ract, z, cp, cn, acs, y, nx, m, h, u);
                continue;
            }
            for (; u + 8 <= h; u += 8)
                Forward256(act, ract, z + u, z + h + u, z + 2 * h + u, z + 3 * h + u, cp + u, cn + u, Offset(acs, u), y + u, Offset(nx, u), Offset(m, u));
            if (u == h) continue;
            int n = h - u;
            float* L(int slot) => tail + slot * TailLanes;
            for (int g = 0; g < 4; g++) Copy(z + g * h + u, L(g), n);
            Copy(cp + u, L(4), n);
            if (m != null) Copy(m + u, L(5), n);
            Forward256(act, ract, L(0), L(1), L(2), L(3), L(4), L(6), L(7), L(8),
                nx == null ? null : L(9), m == null ? null : L(5));
            Copy(L(6), cn + u, n);
            if (acs != null)
            {
                for (int g = 0; g < 4; g++) Copy(L(g), z + g * h + u, n);
                Copy(L(7), acs + u, n);
            }
            Copy(L(8), y + u, n);
            if (nx != null) Copy(L(9), nx + u, n);
        }
    }

    /// <summary>
    /// For rows [r0, r1) of step t: gate gradients from the incoming dh (dOutputs[:, t, :] plus the running dh) and the running dc,
    /// leaving dc holding the gradient for the previous cell.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(LstmSpec spec, float* gates, float* cPrev, float* activatedCells, float* dOutputs, int t, int timesteps,
        float* dh, float* dc, float* dGates, int r0, int r1)
    {
        int h = spec.Units, g4 = 4 * h;
        Activation act = spec.Activation, ract = spec.RecurrentActivation;
        KernelPath path = KernelPaths.Current;
        float* tail = stackalloc float[TailLanes * 13];
        for (int b = r0; b < r1; b++)
        {
            float* z = gates + (long)b * g4;
            float* dz = dGates + (long)b * g4;
            float* cp = cPrev + (long)b * h;
            float* acs = activatedCells + (long)b * h;
            float* dy = dOutputs + ((long)b * timesteps + t) * h;
            float* dhr = dh + (long)b * h;
            float* dcr = dc + (long)b * h;
            int u = 0;
            if (path == KernelPath.Vector512)
                for (; u + 16 <= h; u += 16)
                    Backward512(act, ract, z + u, z + h + u, z + 2 * h + u, z + 3 * h + u, dz + u, dz + h + u, dz + 2 * h + u, dz + 3 * h + u,
                        cp + u, acs + u, dy + u, dhr + u, dcr + u);
            if (path == KernelPath.Scalar)
            {
                BackwardScalar(act, ract, z, dz, cp, acs, dy, dhr, dcr, h, u);
                continue;
            }
            for (; u + 8 <= h; u += 8)
                Backward256(act, ract, z + u, z + h + u, z + 2 * h + u, z + 3 * h + u, dz + u, dz + h + u, dz + 2 * h + u, dz + 3 * h + u,
                    cp + u, acs + u, dy + u, dhr + u, dcr + u);
            if (u == h) continue;
            int n = h - u;
            float* L(int slot) => tail + slot * TailLanes;
            for (int g = 0; g < 4; g++) Copy(z + g * h + u, L(g), n);
            Copy(cp + u, L(8), n);
            Copy(acs + u, L(9), n);
            Copy(dy + u, L(10), n);
            Copy(dhr + u, L(11), n);
            Copy(dcr + u, L(12), n);
            Backward256(act, ract, L(0), L(1), L(2), L(3), L(4), L(5), L(6), L(7), L(8), L(9), L(10), L(11), L(12));
            for (int g = 0; g < 4; g++) Copy(L(4 + g), dz + g * h + u, n);
            Copy(L(12), dcr + u, n);
        }
    }

    private const int TailLanes = 8;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float* Offset(float* p, int u) => p == null ? null : p + u;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy(float* from, float* to, int n)
    {
        for (int i = 0; i < n; i++) to[i] = from[i];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Forward512(Activation act, Activation ract, float* zi, float* zf, float* zg, float* zo,
        float* cp, float* cn, float* acs, float* y, float* nx, float* m)
    {
        Vector512<float> i = VectorActivations.Apply(ract, Vector512.Load(zi));
        Vector512<float> fg = VectorActivations.Apply(ract, Vector512.Load(zf));
        Vector512<float> cc = VectorActivations.Apply(act, Vector512.Load(zg));
        Vector512<float> o = VectorActivations.Apply(ract, Vector512.Load(zo));
        Vector512<float> c = Vector512.FusedMultiplyAdd(fg, Vector512.Load(cp), i * cc);
        Vector512<float> ac = VectorActivations.Apply(act, c);
        Vector512<float> hv = o * ac;
        c.Store(cn);
        if (acs != null)
        {
            // Recording for backward: keep the activated gates too.
            i.Store(zi); fg.Store(zf); cc.Store(zg); o.Store(zo);
            ac.Store(acs);
        }
        hv.Store(y);
        if (nx != null) (m == null ? hv : hv * Vector512.Load(m)).Store(nx);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Forward256(Activation act, Activation ract, float* zi, float* zf, float* zg, float* zo,
        float* cp, float* cn, float* acs, float* y, float* nx, float* m)
    {
        Vector256<float> i = VectorActivations.Apply(ract, Vector256.Load(zi));
        Vector256<float> fg = VectorActivations.Apply(ract, Vector256.Load(zf));
        Vector256<float> cc = VectorActivations.Apply(act, Vector256.Load(zg));
        Vector256<float> o = VectorActivations.Apply(ract, Vector256.Load(zo));
        Vector256<float> c = Vector256.FusedMultiplyAdd(fg, Vector256.Load(cp), i * cc);
        Vector256<float> ac = VectorActivations.Apply(act, c);
        Vector256<float> hv = o * ac;
        c.Store(cn);
        if (acs != null)
        {
            // Recording for backward: keep the activated gates too.
            i.Store(zi); fg.Store(zf); cc.Store(zg); o.Store(zo);
            ac.Store(acs);
        }
        hv.Store(y);
        if (nx != null) (m == null ? hv : hv * Vector256.Load(m)).Store(nx);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Backward512(Activation act, Activation ract, float* zi, float* zf, float* zg, float* zo,
        float* dzi, float* dzf, float* dzg, float* dzo, float* cp, float* acs, float* dy, float* dhr, float* dcr)
    {
        Vector512<float> i = Vector512.Load(zi), fg = Vector512.Load(zf), cc = Vector512.Load(zg), o = Vector512.Load(zo);
        Vector512<float> ac = Vector512.Load(acs);
        Vector512<float> dhv = Vector512.Load(dhr) + Vector512.Load(dy);
        Vector512<float> dcv = Vector512.FusedMultiplyAdd(dhv * o, VectorActivations.DerivativeFromOutput(act, ac), Vector512.Load(dcr));
        (dcv * cc * VectorActivations.DerivativeFromOutput(ract, i)).Store(dzi);
        (dcv * Vector512.Load(cp) * VectorActivations.DerivativeFromOutput(ract, fg)).Store(dzf);
        (dcv * i * VectorActivations.DerivativeFromOutput(act, cc)).Store(dzg);
        (dhv * ac * VectorActivations.DerivativeFromOutput(ract, o)).Store(dzo);
        (dcv * fg).Store(dcr);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Backward256(Activation act, Activation ract, float* zi, float* zf, float* zg, float* zo,
        float* dzi, float* dzf, float* dzg, float* dzo, float* cp, float* acs, float* dy, float* dhr, float* dcr)
    {
        Vector256<float> i = Vector256.Load(zi), fg = Vector256.Load(zf), cc = Vector256.Load(zg), o = Vector256.Load(zo);
        Vector256<float> ac = Vector256.Load(acs);
        Vector256<float> dhv = Vector256.Load(dhr) + Vector256.Load(dy);
        Vector256<float> dcv = Vector256.FusedMultiplyAdd(dhv * o, VectorActivations.DerivativeFromOutput(act, ac), Vector256.Load(dcr));
        (dcv * cc * VectorActivations.DerivativeFromOutput(ract, i)).Store(dzi);
        (dcv * Vector256.Load(cp) * VectorActivations.DerivativeFromOutput(ract, fg)).Store(dzf);
        (dcv * i * VectorActivations.DerivativeFromOutput(act, cc)).Store(dzg);
        (dhv * ac * VectorActivations.DerivativeFromOutput(ract, o)).Store(dzo);
        (dcv * fg).Store(dcr);
    }

    private static void ForwardScalar(Activation act, Activation ract, float* z, float* cp, float* cn, float* acs, float* y,
        float* nx, float* m, int h, int u)
    {
        for (; u < h; u++)
        {
            float i = ActivationFunctions.Apply(ract, z[u]);
            float fg = ActivationFunctions.Apply(ract, z[h + u]);
            float cc = ActivationFunctions.Apply(act, z[2 * h + u]);
            float o = ActivationFunctions.Apply(ract, z[3 * h + u]);
            float c = fg * cp[u] + i * cc;
            float ac = ActivationFunctions.Apply(act, c);
            float hv = o * ac;
            cn[u] = c;
            if (acs != null)
            {
                z[u] = i; z[h + u] = fg; z[2 * h + u] = cc; z[3 * h + u] = o;
                acs[u] = ac;
            }
            y[u] = hv;
            if (nx != null) nx[u] = m == null ? hv : hv * m[u];
        }
    }

    private static void BackwardScalar(Activation act, Activation ract, float* z, float* dz, float* cp, float* acs, float* dy,
        float* dhr, float* dcr, int h, int u)
    {
        for (; u < h; u++)
        {
            float i = z[u], fg = z[h + u], cc = z[2 * h + u], o = z[3 * h + u];
            float ac = acs[u];
            float dhv = dhr[u] + dy[u];
            float dcv = dcr[u] + dhv * o * ActivationFunctions.DerivativeFromOutput(act, ac);
            dz[u] = dcv * cc * ActivationFunctions.DerivativeFromOutput(ract, i);
            dz[h + u] = dcv * cp[u] * ActivationFunctions.DerivativeFromOutput(ract, fg);
            dz[2 * h + u] = dcv * i * ActivationFunctions.DerivativeFromOutput(act, cc);
            dz[3 * h + u] = dhv * ac * ActivationFunctions.DerivativeFromOutput(ract, o);
            dcr[u] = dcv * fg;
        }
    }
}
