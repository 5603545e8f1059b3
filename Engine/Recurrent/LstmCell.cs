using System.Runtime.Intrinsics;
using LstmActors.Engine.Activations;
using LstmActors.Engine.Kernels;

namespace LstmActors.Engine.Recurrent;

/// <summary>The element-wise part of one LSTM step, after the gate product: activations, cell update, and their gradients.</summary>
internal static unsafe class LstmCell
{
    /// <summary>
    /// For rows [r0, r1) of step t: turns pre-activation gates (B, 4H) into activated gates in place (adding the bias), updates the
    /// cell (cPrev → cNext, may alias), keeps activation(c) when asked, writes h to outputs[:, t, :] and, masked by mh, into the
    /// h part of the next step's [x, h] rows when given. Null pointers mean "not wanted".
    /// </summary>
    public static void Forward(LstmSpec spec, float* gates, float* bias, float* cPrev, float* cNext, float* activatedCells,
        float* outputs, int t, int timesteps, float* nextXh, int f, float* mh, int r0, int r1)
    {
        int h = spec.Units, g4 = 4 * h, k = f + h;
        Activation act = spec.Activation, ract = spec.RecurrentActivation;
        KernelPath path = KernelPaths.Current;
        for (int b = r0; b < r1; b++)
        {
            float* z = gates + (long)b * g4;
            float* cp = cPrev + (long)b * h;
            float* cn = cNext + (long)b * h;
            float* acs = activatedCells == null ? null : activatedCells + (long)b * h;
            float* y = outputs + ((long)b * timesteps + t) * h;
            float* nx = nextXh == null ? null : nextXh + (long)b * k + f;
            float* m = mh == null ? null : mh + (long)b * h;
            int u = 0;
            if (path == KernelPath.Vector512)
            {
                for (; u + 16 <= h; u += 16)
                {
                    Vector512<float> i = VectorActivations.Apply(ract, Vector512.Load(z + u) + Vector512.Load(bias + u));
                    Vector512<float> fg = VectorActivations.Apply(ract, Vector512.Load(z + h + u) + Vector512.Load(bias + h + u));
                    Vector512<float> cc = VectorActivations.Apply(act, Vector512.Load(z + 2 * h + u) + Vector512.Load(bias + 2 * h + u));
                    Vector512<float> o = VectorActivations.Apply(ract, Vector512.Load(z + 3 * h + u) + Vector512.Load(bias + 3 * h + u));
                    Vector512<float> c = Vector512.FusedMultiplyAdd(fg, Vector512.Load(cp + u), i * cc);
                    Vector512<float> ac = VectorActivations.Apply(act, c);
                    Vector512<float> hv = o * ac;
                    i.Store(z + u); fg.Store(z + h + u); cc.Store(z + 2 * h + u); o.Store(z + 3 * h + u);
                    c.Store(cn + u);
                    if (acs != null) ac.Store(acs + u);
                    hv.Store(y + u);
                    if (nx != null) (m == null ? hv : hv * Vector512.Load(m + u)).Store(nx + u);
                }
            }
            if (path != KernelPath.Scalar)
            {
                for (; u + 8 <= h; u += 8)
                {
                    Vector256<float> i = VectorActivations.Apply(ract, Vector256.Load(z + u) + Vector256.Load(bias + u));
                    Vector256<float> fg = VectorActivations.Apply(ract, Vector256.Load(z + h + u) + Vector256.Load(bias + h + u));
                    Vector256<float> cc = VectorActivations.Apply(act, Vector256.Load(z + 2 * h + u) + Vector256.Load(bias + 2 * h + u));
                    Vector256<float> o = VectorActivations.Apply(ract, Vector256.Load(z + 3 * h + u) + Vector256.Load(bias + 3 * h + u));
                    Vector256<float> c = Vector256.FusedMultiplyAdd(fg, Vector256.Load(cp + u), i * cc);
                    Vector256<float> ac = VectorActivations.Apply(act, c);
                    Vector256<float> hv = o * ac;
                    i.Store(z + u); fg.Store(z + h + u); cc.Store(z + 2 * h + u); o.Store(z + 3 * h + u);
                    c.Store(cn + u);
                    if (acs != null) ac.Store(acs + u);
                    hv.Store(y + u);
                    if (nx != null) (m == null ? hv : hv * Vector256.Load(m + u)).Store(nx + u);
                }
            }
            for (; u < h; u++)
            {
                float i = ActivationFunctions.Apply(ract, z[u] + bias[u]);
                float fg = ActivationFunctions.Apply(ract, z[h + u] + bias[h + u]);
                float cc = ActivationFunctions.Apply(act, z[2 * h + u] + bias[2 * h + u]);
                float o = ActivationFunctions.Apply(ract, z[3 * h + u] + bias[3 * h + u]);
                float c = fg * cp[u] + i * cc;
                float ac = ActivationFunctions.Apply(act, c);
                float hv = o * ac;
                z[u] = i; z[h + u] = fg; z[2 * h + u] = cc; z[3 * h + u] = o;
                cn[u] = c;
                if (acs != null) acs[u] = ac;
                y[u] = hv;
                if (nx != null) nx[u] = m == null ? hv : hv * m[u];
            }
        }
    }

    /// <summary>
    /// For rows [r0, r1) of step t: gate gradients from the incoming dh (dOutputs[:, t, :] plus the running dh) and the running dc,
    /// leaving dc holding the gradient for the previous cell.
    /// </summary>
    public static void Backward(LstmSpec spec, float* gates, float* cPrev, float* activatedCells, float* dOutputs, int t, int timesteps,
        float* dh, float* dc, float* dGates, int r0, int r1)
    {
        int h = spec.Units, g4 = 4 * h;
        Activation act = spec.Activation, ract = spec.RecurrentActivation;
        KernelPath path = KernelPaths.Current;
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
            {
                for (; u + 16 <= h; u += 16)
                {
                    Vector512<float> i = Vector512.Load(z + u), fg = Vector512.Load(z + h + u), cc = Vector512.Load(z + 2 * h + u), o = Vector512.Load(z + 3 * h + u);
                    Vector512<float> ac = Vector512.Load(acs + u);
                    Vector512<float> dhv = Vector512.Load(dhr + u) + Vector512.Load(dy + u);
                    Vector512<float> dcv = Vector512.FusedMultiplyAdd(dhv * o, VectorActivations.DerivativeFromOutput(act, ac), Vector512.Load(dcr + u));
                    (dcv * cc * VectorActivations.DerivativeFromOutput(ract, i)).Store(dz + u);
                    (dcv * Vector512.Load(cp + u) * VectorActivations.DerivativeFromOutput(ract, fg)).Store(dz + h + u);
                    (dcv * i * VectorActivations.DerivativeFromOutput(act, cc)).Store(dz + 2 * h + u);
                    (dhv * ac * VectorActivations.DerivativeFromOutput(ract, o)).Store(dz + 3 * h + u);
                    (dcv * fg).Store(dcr + u);
                }
            }
            if (path != KernelPath.Scalar)
            {
                for (; u + 8 <= h; u += 8)
                {
                    Vector256<float> i = Vector256.Load(z + u), fg = Vector256.Load(z + h + u), cc = Vector256.Load(z + 2 * h + u), o = Vector256.Load(z + 3 * h + u);
                    Vector256<float> ac = Vector256.Load(acs + u);
                    Vector256<float> dhv = Vector256.Load(dhr + u) + Vector256.Load(dy + u);
                    Vector256<float> dcv = Vector256.FusedMultiplyAdd(dhv * o, VectorActivations.DerivativeFromOutput(act, ac), Vector256.Load(dcr + u));
                    (dcv * cc * VectorActivations.DerivativeFromOutput(ract, i)).Store(dz + u);
                    (dcv * Vector256.Load(cp + u) * VectorActivations.DerivativeFromOutput(ract, fg)).Store(dz + h + u);
                    (dcv * i * VectorActivations.DerivativeFromOutput(act, cc)).Store(dz + 2 * h + u);
                    (dhv * ac * VectorActivations.DerivativeFromOutput(ract, o)).Store(dz + 3 * h + u);
                    (dcv * fg).Store(dcr + u);
                }
            }
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
}
