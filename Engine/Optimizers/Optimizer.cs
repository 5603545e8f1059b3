using LstmActors.Engine.Layers;

namespace LstmActors.Engine.Optimizers;

/// <summary>
/// A Keras optimizer: updates parameters from their gradients, keeping its own slots (moments) per parameter.
/// Clipping as Keras: <see cref="ClipNorm"/> rescales each parameter's gradient to at most that L2 norm
/// (per tensor); <see cref="GlobalClipNorm"/> rescales all gradients together so their joint norm is at most that.
/// The learning rate may be a <see cref="LearningRateSchedule"/>, and Keras 2's legacy <see cref="Decay"/> divides it
/// by 1 + decay · iterations. Each parameter's <see cref="Parameter.Constraint"/> is applied after its update, as Keras does.
/// </summary>
public abstract class Optimizer
{
    private float[][]? _slots;

    /// <summary>Sets the learning rate (a number or a schedule), optional clipping and the legacy decay.</summary>
    protected Optimizer(LearningRateSchedule learningRate, float? clipNorm, float? globalClipNorm, float decay)
    {
        ArgumentNullException.ThrowIfNull(learningRate);
        if (!(decay >= 0) || !float.IsFinite(decay)) throw new ArgumentOutOfRangeException(nameof(decay), $"decay must be non-negative, got {decay}.");
        if (clipNorm is <= 0) throw new ArgumentOutOfRangeException(nameof(clipNorm), $"clipNorm must be positive, got {clipNorm}.");
        if (globalClipNorm is <= 0) throw new ArgumentOutOfRangeException(nameof(globalClipNorm), $"globalClipNorm must be positive, got {globalClipNorm}.");
        Schedule = learningRate;
        Decay = decay;
        ClipNorm = clipNorm;
        GlobalClipNorm = globalClipNorm;
    }

    /// <summary>Keras name: adam, sgd, rmsprop.</summary>
    public abstract string Name { get; }

    /// <summary>The learning rate, constant or scheduled.</summary>
    public LearningRateSchedule Schedule { get; }

    /// <summary>Keras 2's legacy <c>decay</c>: the rate is divided by 1 + decay · iterations (0 = none).</summary>
    public float Decay { get; }

    /// <summary>The step size of the next update (Keras <c>optimizer.learning_rate</c>): the schedule at <see cref="Iterations"/>, with <see cref="Decay"/>.</summary>
    public float LearningRate => Decay > 0 ? Schedule.At(Iterations) / (1 + Decay * Iterations) : Schedule.At(Iterations);

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
        float learningRate = LearningRate;
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
            Update(p.Value, p.Gradient, _slots.AsSpan(i * SlotsPerParameter, SlotsPerParameter), Iterations, learningRate);
            p.Constraint?.Apply(p.Value, p.Shape);
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

    /// <summary>Applies one update to <paramref name="value"/> given its (clipped) gradient, slots, step number (from 1) and learning rate.</summary>
    protected abstract void Update(Span<float> value, ReadOnlySpan<float> gradient, Span<float[]> slots, long step, float learningRate);

    /// <summary>Builds an optimizer from its Keras name and <see cref="Config"/>; <paramref name="schedule"/>, when given, replaces config's learning_rate.</summary>
    public static Optimizer FromConfig(string name, IReadOnlyDictionary<string, double> config, LearningRateSchedule? schedule = null)
    {
        float Get(string key, float fallback) => config.TryGetValue(key, out var v) ? (float)v : fallback;
        float? Optional(string key) => config.TryGetValue(key, out var v) ? (float)v : null;
        LearningRateSchedule Rate(float fallback) => schedule ?? Get("learning_rate", fallback);
        float decay = Get("decay", 0f);
        return name switch
        {
            "adam" => new Adam(Rate(0.001f), Get("beta_1", 0.9f), Get("beta_2", 0.999f), Get("epsilon", 1e-7f), Optional("clipnorm"), Optional("global_clipnorm"),
                Get("amsgrad", 0f) != 0, decay),
            "sgd" => new Sgd(Rate(0.01f), Get("momentum", 0f), Get("nesterov", 0f) != 0, Optional("clipnorm"), Optional("global_clipnorm"), decay),
            "rmsprop" => new RmsProp(Rate(0.001f), Get("rho", 0.9f), Get("momentum", 0f), Get("epsilon", 1e-7f), Optional("clipnorm"), Optional("global_clipnorm"), decay),
            _ => throw new ArgumentException($"Unknown optimizer '{name}'; known: adam, sgd, rmsprop.", nameof(name)),
        };
    }

    /// <summary>The optimizer for a Keras name with its default settings, as in <c>compile(optimizer='adam')</c>.</summary>
    public static Optimizer Parse(string name) => FromConfig(name.ToLowerInvariant(), new Dictionary<string, double>());

    /// <summary>The shared entries of <see cref="Config"/>: a constant learning rate (a schedule is saved apart), clipping, decay.</summary>
    protected Dictionary<string, double> BaseConfig()
    {
        var config = new Dictionary<string, double>();
        if (Schedule is ConstantLearningRate constant) config["learning_rate"] = constant.Value;
        if (Decay > 0) config["decay"] = Decay;
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
