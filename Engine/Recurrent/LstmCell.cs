using LstmActors.Engine.Activations;

namespace LstmActors.Engine.Recurrent;

/// <summary>The element-wise part of one LSTM step, after the gate product: activations, cell update, and their gradients.</summary>
internal static class LstmCell
{
    /// <summary>
    /// Turns pre-activation gates (B, 4H) into activated gates in place, updates the cell (cPrev → cNext, may alias),
    /// writes h to outputs[:, t, :] and, masked, into the next step's [x, h] rows when given.
    /// </summary>
    public static void Forward(LstmSpec spec, Span<float> gates, ReadOnlySpan<float> bias, ReadOnlySpan<float> cPrev, Span<float> cNext,
        Span<float> activatedCells, Span<float> outputs, int t, int timesteps, Span<float> nextXh, int f, float[]? mh, int batch)
    {
        int h = spec.Units, g4 = 4 * h, k = f + h;
        Activation act = spec.Activation, ract = spec.RecurrentActivation;
        for (int b = 0; b < batch; b++)
        {
            Span<float> row = gates.Slice(b * g4, g4);
            for (int u = 0; u < h; u++)
            {
                float i = ActivationFunctions.Apply(ract, row[u] + bias[u]);
                float fg = ActivationFunctions.Apply(ract, row[h + u] + bias[h + u]);
                float cc = ActivationFunctions.Apply(act, row[2 * h + u] + bias[2 * h + u]);
                float o = ActivationFunctions.Apply(ract, row[3 * h + u] + bias[3 * h + u]);
                float c = fg * cPrev[b * h + u] + i * cc;
                float ac = ActivationFunctions.Apply(act, c);
                float hv = o * ac;
                row[u] = i; row[h + u] = fg; row[2 * h + u] = cc; row[3 * h + u] = o;
                cNext[b * h + u] = c;
                if (!activatedCells.IsEmpty) activatedCells[b * h + u] = ac;
                outputs[(b * timesteps + t) * h + u] = hv;
                if (!nextXh.IsEmpty) nextXh[b * k + f + u] = mh is null ? hv : hv * mh[b * h + u];
            }
        }
    }

    /// <summary>
    /// Gate gradients of step t from the incoming dh (dOutputs[:, t, :] plus the running dh) and the running dc;
    /// leaves dc holding the gradient for the previous cell.
    /// </summary>
    public static void Backward(LstmSpec spec, ReadOnlySpan<float> gates, ReadOnlySpan<float> cPrev, ReadOnlySpan<float> activatedCells,
        ReadOnlySpan<float> dOutputs, int t, int timesteps, ReadOnlySpan<float> dh, Span<float> dc, Span<float> dGates, int batch)
    {
        int h = spec.Units, g4 = 4 * h;
        Activation act = spec.Activation, ract = spec.RecurrentActivation;
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> row = gates.Slice(b * g4, g4);
            Span<float> drow = dGates.Slice(b * g4, g4);
            for (int u = 0; u < h; u++)
            {
                float i = row[u], fg = row[h + u], cc = row[2 * h + u], o = row[3 * h + u];
                float ac = activatedCells[b * h + u];
                float dhv = dh[b * h + u] + dOutputs[(b * timesteps + t) * h + u];
                float dcv = dc[b * h + u] + dhv * o * ActivationFunctions.DerivativeFromOutput(act, ac);
                drow[u] = dcv * cc * ActivationFunctions.DerivativeFromOutput(ract, i);
                drow[h + u] = dcv * cPrev[b * h + u] * ActivationFunctions.DerivativeFromOutput(ract, fg);
                drow[2 * h + u] = dcv * i * ActivationFunctions.DerivativeFromOutput(act, cc);
                drow[3 * h + u] = dhv * ac * ActivationFunctions.DerivativeFromOutput(ract, o);
                dc[b * h + u] = dcv * fg;
            }
        }
    }
}
