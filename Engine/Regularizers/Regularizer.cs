namespace LstmActors.Engine.Regularizers;

/// <summary>
/// A Keras regularizer: a penalty on a weight (or a layer's output) added to the loss, and its gradient added to the
/// weight's gradient. Keras' string defaults: "l1", "l2" and "l1_l2" with factors 0.01.
/// </summary>
public abstract class Regularizer
{
    /// <summary>Keras name: l1, l2 or l1_l2.</summary>
    public abstract string Name { get; }

    /// <summary>Factors by Keras name, for saving.</summary>
    public abstract IReadOnlyDictionary<string, double> Config { get; }

    /// <summary>The penalty the loss grows by for <paramref name="values"/>.</summary>
    public abstract double Penalty(ReadOnlySpan<float> values);

    /// <summary>Adds d(penalty)/d(values) to <paramref name="gradient"/>.</summary>
    public abstract void AddGradient(ReadOnlySpan<float> values, Span<float> gradient);

    /// <summary>The Keras name as an argument, e.g. <c>kernelRegularizer: "l2"</c>.</summary>
    public static implicit operator Regularizer(string name) => Get(name);

    /// <summary>The regularizer for a Keras name with its default factors, as in <c>kernel_regularizer='l2'</c>.</summary>
    public static Regularizer Get(string name) => FromConfig(name, new Dictionary<string, double>());

    /// <summary>Builds a regularizer from its Keras name and <see cref="Config"/>.</summary>
    public static Regularizer FromConfig(string name, IReadOnlyDictionary<string, double> config)
    {
        float Get(string key) => config.TryGetValue(key, out var v) ? (float)v : 0.01f;
        return name switch
        {
            "l1" => new L1(Get("l1")),
            "l2" => new L2(Get("l2")),
            "l1_l2" => new L1L2(Get("l1"), Get("l2")),
            _ => throw new ArgumentException($"Unknown regularizer '{name}'; known: l1, l2, l1_l2.", nameof(name)),
        };
    }
}
