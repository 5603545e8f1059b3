namespace LstmActors.Engine.Constraints;

/// <summary>A Keras weight constraint: projects a weight in place after each optimizer step.</summary>
public abstract class Constraint
{
    /// <summary>Keras name: max_norm, non_neg, unit_norm or min_max_norm.</summary>
    public abstract string Name { get; }

    /// <summary>Arguments by Keras name, for saving.</summary>
    public virtual IReadOnlyDictionary<string, double> Config => new Dictionary<string, double>();

    /// <summary>Projects <paramref name="values"/>, a row-major weight of <paramref name="shape"/>, in place.</summary>
    public abstract void Apply(Span<float> values, int[] shape);

    /// <summary>The Keras name as an argument, e.g. <c>kernelConstraint: "max_norm"</c>.</summary>
    public static implicit operator Constraint(string name) => Get(name);

    /// <summary>The constraint for a Keras name with its default arguments, as in <c>kernel_constraint='max_norm'</c>.</summary>
    public static Constraint Get(string name) => FromConfig(name, new Dictionary<string, double>());

    /// <summary>Builds a constraint from its Keras name and <see cref="Config"/>.</summary>
    public static Constraint FromConfig(string name, IReadOnlyDictionary<string, double> config)
    {
        double Get(string key, double fallback) => config.TryGetValue(key, out var v) ? v : fallback;
        int axis = (int)Get("axis", 0);
        return name switch
        {
            "max_norm" => new MaxNorm((float)Get("max_value", 2), axis),
            "non_neg" => new NonNeg(),
            "unit_norm" => new UnitNorm(axis),
            "min_max_norm" => new MinMaxNorm((float)Get("min_value", 0), (float)Get("max_value", 1), (float)Get("rate", 1), axis),
            _ => throw new ArgumentException($"Unknown constraint '{name}'; known: max_norm, non_neg, unit_norm, min_max_norm.", nameof(name)),
        };
    }
}
