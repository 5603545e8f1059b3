using LstmActors.Engine.Activations;
using LstmActors.Engine.Recurrent;

namespace LstmActors.Engine.Tests.Recurrent;

/// <summary>
/// A plain float64 LSTM written from the Keras equations, independent of the engine's kernels, and a problem
/// (weights, input, carry, masks, loss weights) whose scalar loss it evaluates for finite differences.
/// </summary>
public sealed class ReferenceLstm
{
    public ReferenceLstm(LstmSpec spec, int batch, int timesteps, int seed, bool inputMask = false, bool recurrentMask = false)
    {
        Spec = spec;
        Batch = batch;
        Timesteps = timesteps;
        var rng = new Random(seed);
        int f = spec.InputSize, h = spec.Units;
        float Next(double scale) => (float)((rng.NextDouble() * 2 - 1) * scale);
        float[] Fill(int n, double scale) { var a = new float[n]; for (int i = 0; i < n; i++) a[i] = Next(scale); return a; }
        Weights = new LstmWeights(f, h);
        Fill(f * 4 * h, 0.6).CopyTo(Weights.Kernel, 0);
        Fill(h * 4 * h, 0.5).CopyTo(Weights.RecurrentKernel, 0);
        if (spec.UseBias) Fill(4 * h, 0.4).CopyTo(Weights.Bias, 0);
        Input = Fill(batch * timesteps * f, 1.0);
        InitialH = Fill(batch * h, 0.5);
        InitialC = Fill(batch * h, 0.5);
        LossOutputs = Fill(batch * timesteps * h, 1.0);
        LossFinalH = Fill(batch * h, 1.0);
        LossFinalC = Fill(batch * h, 1.0);
        float[] Mask(int n) { var m = new float[n]; for (int i = 0; i < n; i++) m[i] = rng.NextDouble() < 0.3 ? 0f : 1f / 0.7f; return m; }
        Masks = inputMask || recurrentMask
            ? new DropoutMasks(inputMask ? Mask(batch * f) : null, recurrentMask ? Mask(batch * h) : null)
            : null;
    }

    public LstmSpec Spec { get; }
    public int Batch { get; }
    public int Timesteps { get; }
    public LstmWeights Weights { get; }
    public float[] Input { get; }
    public float[] InitialH { get; }
    public float[] InitialC { get; }
    public DropoutMasks? Masks { get; }
    public float[] LossOutputs { get; }
    public float[] LossFinalH { get; }
    public float[] LossFinalC { get; }

    /// <summary>The parameters finite differences perturb, by name.</summary>
    public IEnumerable<(string Name, float[] Values)> Parameters()
    {
        yield return ("kernel", Weights.Kernel);
        yield return ("recurrent_kernel", Weights.RecurrentKernel);
        if (Spec.UseBias) yield return ("bias", Weights.Bias);
        yield return ("input", Input);
        yield return ("initial_h", InitialH);
        yield return ("initial_c", InitialC);
    }

    /// <summary>loss = Σ outputs·LossOutputs + Σ final h·LossFinalH + Σ final c·LossFinalC, in float64, with one parameter entry moved by delta.</summary>
    public double Loss(float[]? perturbed = null, int index = -1, double delta = 0)
    {
        double Get(float[] a, int i) => ReferenceEquals(a, perturbed) && i == index ? a[i] + delta : a[i];
        var (outputs, h, c) = Forward(Get);
        double loss = 0;
        for (int i = 0; i < outputs.Length; i++) loss += outputs[i] * LossOutputs[i];
        for (int i = 0; i < h.Length; i++) loss += h[i] * LossFinalH[i] + c[i] * LossFinalC[i];
        return loss;
    }

    /// <summary>Outputs (B, T, H), final h and c (B, H), in float64.</summary>
    public (double[] Outputs, double[] H, double[] C) Forward() => Forward((a, i) => a[i]);

    private (double[] Outputs, double[] H, double[] C) Forward(Func<float[], int, double> get)
    {
        int B = Batch, T = Timesteps, F = Spec.InputSize, H = Spec.Units, G = 4 * H;
        var outputs = new double[B * T * H];
        var h = new double[B * H];
        var c = new double[B * H];
        for (int i = 0; i < B * H; i++) { h[i] = get(InitialH, i); c[i] = get(InitialC, i); }
        var z = new double[G];
        for (int t = 0; t < T; t++)
        {
            var hNext = new double[B * H];
            for (int b = 0; b < B; b++)
            {
                for (int j = 0; j < G; j++)
                {
                    double s = Spec.UseBias ? get(Weights.Bias, j) : 0;
                    for (int k = 0; k < F; k++)
                        s += get(Input, (b * T + t) * F + k) * (Masks?.Input?[b * F + k] ?? 1f) * get(Weights.Kernel, k * G + j);
                    for (int k = 0; k < H; k++)
                        s += h[b * H + k] * (Masks?.Recurrent?[b * H + k] ?? 1f) * get(Weights.RecurrentKernel, k * G + j);
                    z[j] = s;
                }
                for (int u = 0; u < H; u++)
                {
                    double i = Apply(Spec.RecurrentActivation, z[u]);
                    double fg = Apply(Spec.RecurrentActivation, z[H + u]);
                    double g = Apply(Spec.Activation, z[2 * H + u]);
                    double o = Apply(Spec.RecurrentActivation, z[3 * H + u]);
                    double cv = fg * c[b * H + u] + i * g;
                    c[b * H + u] = cv;
                    hNext[b * H + u] = o * Apply(Spec.Activation, cv);
                    outputs[(b * T + t) * H + u] = hNext[b * H + u];
                }
            }
            h = hNext;
        }
        return (outputs, h, c);
    }

    private static double Apply(Activation a, double x) => a switch
    {
        Activation.Tanh => Math.Tanh(x),
        Activation.Sigmoid => 1 / (1 + Math.Exp(-x)),
        Activation.HardSigmoid => Math.Clamp(0.2 * x + 0.5, 0, 1),
        Activation.Relu => Math.Max(x, 0),
        _ => x,
    };
}
