using LstmActors.Engine.Activations;
using LstmActors.Engine.Recurrent;

namespace LstmActors.Engine.Tests.Recurrent;

/// <summary>
/// A plain float64 GRU (either reset mode) or SimpleRNN written from the Keras equations, independent of the engine's kernels,
/// and a problem (weights, input, h, masks, loss weights) whose scalar loss it evaluates for finite differences.
/// As in Keras, the recurrent dropout mask applies to the previous h wherever the cell reads it.
/// </summary>
public sealed class ReferenceRnn
{
    /// <summary>A GRU problem.</summary>
    public ReferenceRnn(GruSpec spec, int batch, int timesteps, int seed, bool masks = false)
        : this(new GruKernel(spec), spec.Activation, spec.RecurrentActivation, spec.UseBias, spec.ResetAfter, batch, timesteps, seed, masks)
    {
    }

    /// <summary>A SimpleRNN problem.</summary>
    public ReferenceRnn(SimpleRnnSpec spec, int batch, int timesteps, int seed, bool masks = false)
        : this(new SimpleRnnKernel(spec), spec.Activation, Activation.Linear, spec.UseBias, false, batch, timesteps, seed, masks)
    {
    }

    private ReferenceRnn(RecurrentKernel kernel, Activation activation, Activation recurrentActivation, bool useBias, bool resetAfter,
        int batch, int timesteps, int seed, bool masks)
    {
        Kernel = kernel;
        Activation = activation;
        RecurrentActivation = recurrentActivation;
        UseBias = useBias;
        ResetAfter = resetAfter;
        Batch = batch;
        Timesteps = timesteps;
        var rng = new Random(seed);
        int f = kernel.InputSize, h = kernel.Units;
        float[] Fill(int n, double scale) { var a = new float[n]; for (int i = 0; i < n; i++) a[i] = (float)((rng.NextDouble() * 2 - 1) * scale); return a; }
        Weights = kernel.CreateWeights();
        Fill(Weights.Kernel.Length, 0.6).CopyTo(Weights.Kernel, 0);
        Fill(Weights.RecurrentKernel.Length, 0.5).CopyTo(Weights.RecurrentKernel, 0);
        if (useBias) Fill(Weights.Bias.Length, 0.4).CopyTo(Weights.Bias, 0);
        kernel.SetWeights(Weights);
        Input = Fill(batch * timesteps * f, 1.0);
        InitialH = Fill(batch * h, 0.5);
        LossOutputs = Fill(batch * timesteps * h, 1.0);
        LossFinalH = Fill(batch * h, 1.0);
        float[] Mask(int n) { var m = new float[n]; for (int i = 0; i < n; i++) m[i] = rng.NextDouble() < 0.3 ? 0f : 1f / 0.7f; return m; }
        Masks = masks ? new DropoutMasks(Mask(batch * f), Mask(batch * h)) : null;
    }

    /// <summary>The engine kernel under test, holding <see cref="Weights"/>.</summary>
    public RecurrentKernel Kernel { get; }
    public Activation Activation { get; }
    public Activation RecurrentActivation { get; }
    public bool UseBias { get; }
    public bool ResetAfter { get; }
    public bool IsGru => Kernel is GruKernel;
    public int Batch { get; }
    public int Timesteps { get; }
    public RecurrentWeights Weights { get; }
    public float[] Input { get; }
    public float[] InitialH { get; }
    public DropoutMasks? Masks { get; }
    public float[] LossOutputs { get; }
    public float[] LossFinalH { get; }

    public override string ToString() =>
        $"{(IsGru ? $"GRU resetAfter {ResetAfter}" : "SimpleRNN")} F {Kernel.InputSize} H {Kernel.Units} {Activation}/{RecurrentActivation} " +
        $"bias {UseBias} masks {Masks is not null} B {Batch} T {Timesteps}";

    /// <summary>The parameters finite differences perturb, by name.</summary>
    public IEnumerable<(string Name, float[] Values)> Parameters()
    {
        yield return ("kernel", Weights.Kernel);
        yield return ("recurrent_kernel", Weights.RecurrentKernel);
        if (UseBias) yield return ("bias", Weights.Bias);
        yield return ("input", Input);
        yield return ("initial_h", InitialH);
    }

    /// <summary>loss = Σ outputs·LossOutputs + Σ final h·LossFinalH, in float64, with one parameter entry moved by delta.</summary>
    public double Loss(float[]? perturbed = null, int index = -1, double delta = 0)
    {
        double Get(float[] a, int i) => ReferenceEquals(a, perturbed) && i == index ? a[i] + delta : a[i];
        var (outputs, h) = Forward(Get);
        double loss = 0;
        for (int i = 0; i < outputs.Length; i++) loss += outputs[i] * LossOutputs[i];
        for (int i = 0; i < h.Length; i++) loss += h[i] * LossFinalH[i];
        return loss;
    }

    /// <summary>Outputs (B, T, H) and final h (B, H), in float64.</summary>
    public (double[] Outputs, double[] H) Forward() => Forward((a, i) => a[i]);

    private (double[] Outputs, double[] H) Forward(Func<float[], int, double> get)
    {
        int B = Batch, T = Timesteps, F = Kernel.InputSize, H = Kernel.Units, G = Kernel.GateColumns;
        var outputs = new double[B * T * H];
        var h = new double[B * H];
        for (int i = 0; i < B * H; i++) h[i] = get(InitialH, i);
        var xp = new double[G];
        var hp = new double[G];
        var hm = new double[H];
        for (int t = 0; t < T; t++)
            for (int b = 0; b < B; b++)
            {
                for (int k = 0; k < H; k++) hm[k] = h[b * H + k] * (Masks?.Recurrent?[b * H + k] ?? 1f);
                for (int j = 0; j < G; j++)
                {
                    double sx = UseBias ? get(Weights.Bias, j) : 0;
                    for (int k = 0; k < F; k++)
                        sx += get(Input, (b * T + t) * F + k) * (Masks?.Input?[b * F + k] ?? 1f) * get(Weights.Kernel, k * G + j);
                    double sh = UseBias && ResetAfter ? get(Weights.Bias, G + j) : 0;
                    for (int k = 0; k < H; k++) sh += hm[k] * get(Weights.RecurrentKernel, k * G + j);
                    xp[j] = sx;
                    hp[j] = sh;
                }
                for (int u = 0; u < H; u++)
                {
                    double next;
                    if (!IsGru)
                    {
                        next = Apply(Activation, xp[u] + hp[u]);
                    }
                    else
                    {
                        double z = Apply(RecurrentActivation, xp[u] + hp[u]);
                        double r = Apply(RecurrentActivation, xp[H + u] + hp[H + u]);
                        double recurrent = hp[2 * H + u];
                        if (!ResetAfter)
                        {
                            recurrent = 0;
                            for (int k = 0; k < H; k++)
                                recurrent += Apply(RecurrentActivation, xp[H + k] + hp[H + k]) * hm[k] * get(Weights.RecurrentKernel, k * G + 2 * H + u);
                        }
                        double candidate = Apply(Activation, xp[2 * H + u] + (ResetAfter ? r * recurrent : recurrent));
                        next = z * hm[u] + (1 - z) * candidate;
                    }
                    outputs[(b * T + t) * H + u] = next;
                }
                for (int u = 0; u < H; u++) h[b * H + u] = outputs[(b * T + t) * H + u];
            }
        return (outputs, h);
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
