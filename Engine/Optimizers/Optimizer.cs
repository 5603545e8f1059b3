using LstmActors.Engine.Layers;

namespace LstmActors.Engine.Optimizers;

/// <summary>
/// A Keras optimizer: updates parameters from their gradients, keeping its own slots (moments) per parameter.
/// Clipping as Keras: <see cref="ClipNorm"/> rescales each parameter's gradient to at most that L2 norm
/// (per tensor); <see cref="GlobalClipNorm"/> rescales all gradients together so their joint norm is at most that.
/// </summary>
public abstract class Optimizer
{
    private float[][]? _slots;

    /// <summary>Sets the learning rate and optional clipping.</summary>
    protected Optimizer(float learningRate, float? clipNorm, float? globalClipNorm)
    {
        if (!(learningRate > 0)) throw new ArgumentOutOfRangeException(nameof(learningRate), $"Learning rate must be positive, got {learningRate}.");
        if (clipNorm is <= 0) throw new ArgumentOutOfRangeException(nameof(clipNorm), $"clipNorm must be positive, got {clipNorm}.");
        if (globalClipNorm is <= 0) throw new ArgumentOutOfRangeException(nameof(globalClipNorm), $"globalClipNorm must be positive, got {globalClipNorm}.");
        LearningRate = learningRate;
        ClipNorm = clipNorm;
        GlobalClipNorm = globalClipNorm;
    }

    /// <summary>Keras name: adam, sgd, rmsprop.</summary>
    public abstract string Name { get; }

    /// <summary>Step size.</summary>
    public float LearningRate { get; }

    /// <summary>Per-tensor gradient norm limit (Keras <c>clipnorm</c>), or null.</summary>
    public float? ClipNorm { get; }

    /// <summary>Joint gradient norm limit over all parameters (Keras <c>global_clipnorm</c>), or null.</summary>
    public float? GlobalClipNorm { get; }

    /// <summary>Number of updates applied so far (Keras <c>iterations</c>).</summary>
    public long Iterations { get; private set; }

    /// <summary>Hyperparameters by Keras name, for saving.</summary>
    public abstract IReadOnlyDictionary<string, double> Config { get; }

    /// <summary>Slots (moment arrays) per parameter.</summary>
    protected abstract int SlotsPerParameter { get; }

    /// <summary>Clips the gradients held by <paramref name="parameters"/> and applies one update.</summary>
    public void Apply(IReadOnlyList<Parameter> parameters)
    {
        _slots ??= CreateSlots(parameters);
        if (_slots.Length != parameters.Count * SlotsPerParameter)
            throw new InvalidOperationException($"{Name} optimizer was used with {_slots.Length / Math.Max(1, SlotsPerParameter)} parameters and now gets {parameters.Count}.");
        for (int i = 0; i < parameters.Count; i++)
        {
            if (_slots[i * SlotsPerParameter].Length != parameters[i].Count)
                throw new InvalidOperationException(
                    $"{Name} optimizer state for parameter {i} has {_slots[i * SlotsPerParameter].Length} values, the parameter '{parameters[i].Name}' has {parameters[i].Count}.");
        }
        float globalScale = 1f;
        if (GlobalClipNorm is float global)
        {
            double sum = 0;
            foreach (var p in parameters) sum += SquaredNorm(p.Gradient);
            double norm = Math.Sqrt(sum);
            if (norm > global) globalScale = (float)(global / norm);
        }
        Iterations++;
        for (int i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i];
            float scale = globalScale;
            if (ClipNorm is float clip)
            {
                double norm = Math.Sqrt(SquaredNorm(p.Gradient));
                if (norm > clip) scale *= (float)(clip / norm);
            }
            if (scale != 1f)
            {
                var g = p.Gradient;
                for (int k = 0; k < g.Length; k++) g[k] *= scale;
            }
            Update(p.Value, p.Gradient, _slots.AsSpan(i * SlotsPerParameter, SlotsPerParameter), Iterations);
        }
    }

    /// <summary>The optimizer's state (slots in parameter order, then slot order), for saving; empty before the first update.</summary>
    public IReadOnlyList<float[]> Slots => _slots ?? [];

    /// <summary>Restores state saved from <see cref="Slots"/> and <see cref="Iterations"/>.</summary>
    public void RestoreState(long iterations, IReadOnlyList<float[]> slots)
    {
        Iterations = iterations;
        _slots = slots.Count == 0 ? null : slots.Select(s => (float[])s.Clone()).ToArray();
    }

    /// <summary>Applies one update to <paramref name="value"/> given its (clipped) gradient, slots and step number (from 1).</summary>
    protected abstract void Update(Span<float> value, ReadOnlySpan<float> gradient, Span<float[]> slots, long step);

    /// <summary>Builds an optimizer from its Keras name and <see cref="Config"/>.</summary>
    public static Optimizer FromConfig(string name, IReadOnlyDictionary<string, double> config)
    {
        float Get(string key, float fallback) => config.TryGetValue(key, out var v) ? (float)v : fallback;
        float? Optional(string key) => config.TryGetValue(key, out var v) ? (float)v : null;
        return name switch
        {
            "adam" => new Adam(Get("learning_rate", 0.001f), Get("beta_1", 0.9f), Get("beta_2", 0.999f), Get("epsilon", 1e-7f), Optional("clipnorm"), Optional("global_clipnorm")),
            "sgd" => new Sgd(Get("learning_rate", 0.01f), Get("momentum", 0f), Get("nesterov", 0f) != 0, Optional("clipnorm"), Optional("global_clipnorm")),
            "rmsprop" => new RmsProp(Get("learning_rate", 0.001f), Get("rho", 0.9f), Get("momentum", 0f), Get("epsilon", 1e-7f), Optional("clipnorm"), Optional("global_clipnorm")),
            _ => throw new ArgumentException($"Unknown optimizer '{name}'; known: adam, sgd, rmsprop.", nameof(name)),
        };
    }

    /// <summary>The optimizer for a Keras name with its default settings, as in <c>compile(optimizer='adam')</c>.</summary>
    public static Optimizer Parse(string name) => FromConfig(name.ToLowerInvariant(), new Dictionary<string, double>());

    /// <summary>The shared clipping entries of <see cref="Config"/>.</summary>
    protected Dictionary<string, double> BaseConfig()
    {
        var config = new Dictionary<string, double> { ["learning_rate"] = LearningRate };
        if (ClipNorm is float c) config["clipnorm"] = c;
        if (GlobalClipNorm is float g) config["global_clipnorm"] = g;
        return config;
    }

    private float[][] CreateSlots(IReadOnlyList<Parameter> parameters)
    {
        var slots = new float[parameters.Count * SlotsPerParameter][];
        for (int i = 0; i < parameters.Count; i++)
            for (int s = 0; s < SlotsPerParameter; s++)
                slots[i * SlotsPerParameter + s] = new float[parameters[i].Count];
        return slots;
    }

    private static double SquaredNorm(float[] values)
    {
        double sum = 0;
        foreach (float v in values) sum += (double)v * v;
        return sum;
    }
}
