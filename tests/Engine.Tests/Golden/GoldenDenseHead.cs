using LstmActors.Engine.Tests.Kernels;

namespace LstmActors.Engine.Tests.Golden;

/// <summary>The reference files' optional Dense head on the last step, checked against its recorded prediction and gradients.</summary>
internal static class GoldenDenseHead
{
    /// <summary>Dense head on the last step with mean squared error: checks prediction and head gradients, adds dL/dh to dOutputs, returns the mse.</summary>
    public static double Check(GoldenCase g, float[] outputs, float[] dOutputs)
    {
        int B = g.Batch, T = g.Timesteps, H = g.Units, D = g.DenseUnits;
        float[] kernel = g.DenseArray("kernel"), bias = g.DenseArray("bias"), target = g.DenseArray("target");
        var prediction = new float[B * D];
        var dPrediction = new double[B * D];
        var gradKernel = new float[H * D];
        var gradBias = new float[D];
        double mse = 0;
        for (int b = 0; b < B; b++)
            for (int d = 0; d < D; d++)
            {
                double p = bias[d];
                for (int u = 0; u < H; u++) p += (double)outputs[(b * T + T - 1) * H + u] * kernel[u * D + d];
                prediction[b * D + d] = (float)p;
                double e = p - target[b * D + d];
                mse += e * e / (B * D);
                dPrediction[b * D + d] = 2 * e / (B * D);
            }
        Close.Assert(g.DenseArray("prediction"), prediction, 1e-5, $"{g.Name} dense prediction");
        for (int b = 0; b < B; b++)
            for (int d = 0; d < D; d++)
            {
                gradBias[d] += (float)dPrediction[b * D + d];
                for (int u = 0; u < H; u++)
                {
                    gradKernel[u * D + d] += (float)(outputs[(b * T + T - 1) * H + u] * dPrediction[b * D + d]);
                    dOutputs[(b * T + T - 1) * H + u] += (float)(kernel[u * D + d] * dPrediction[b * D + d]);
                }
            }
        Close.Assert(g.DenseArray("grad_kernel"), gradKernel, 1e-5, $"{g.Name} dense grad_kernel");
        Close.Assert(g.DenseArray("grad_bias"), gradBias, 1e-5, $"{g.Name} dense grad_bias");
        return mse;
    }
}
