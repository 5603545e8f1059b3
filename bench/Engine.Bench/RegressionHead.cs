namespace LstmActors.Engine.Bench;

/// <summary>The anchor's head: Dense(1) on the last step of the top layer, mean squared error against one target per series.</summary>
internal sealed class RegressionHead
{
    private readonly int _units;

    public RegressionHead(int units, Random rng)
    {
        _units = units;
        Weights = new float[units + 1];
        for (int i = 0; i < Weights.Length; i++) Weights[i] = (float)(rng.NextDouble() * 2 - 1) / MathF.Sqrt(units);
        Gradients = new float[units + 1];
    }

    /// <summary>Kernel (H) then bias.</summary>
    public float[] Weights { get; }

    /// <summary>Their gradients, written by <see cref="Backward"/>.</summary>
    public float[] Gradients { get; }

    /// <summary>
    /// The loss over the batch of the top layer's outputs <paramref name="top"/> (B, T, H); writes the gradient of its last
    /// steps into <paramref name="dTop"/> (cleared first) and the head's into <see cref="Gradients"/>.
    /// </summary>
    public float Backward(float[] top, float[] dTop, float[] y, int batch, int timesteps)
    {
        int h = _units;
        Array.Clear(dTop);
        Array.Clear(Gradients);
        float loss = 0;
        for (int b = 0; b < batch; b++)
        {
            var last = top.AsSpan((b * timesteps + timesteps - 1) * h, h);
            float p = Weights[h];
            for (int u = 0; u < h; u++) p += last[u] * Weights[u];
            float e = p - y[b];
            loss += e * e / batch;
            float dp = 2 * e / batch;
            Gradients[h] += dp;
            var dh = dTop.AsSpan((b * timesteps + timesteps - 1) * h, h);
            for (int u = 0; u < h; u++)
            {
                Gradients[u] += last[u] * dp;
                dh[u] = Weights[u] * dp;
            }
        }
        return loss;
    }
}
