namespace LstmActors.Engine.Initializers;

/// <summary>A Keras weight initializer: fills a weight of a given shape, drawing from the model's <see cref="SeededRandom"/>.</summary>
public abstract class Initializer
{
    /// <summary>Keras name, e.g. "glorot_uniform".</summary>
    public abstract string Name { get; }

    /// <summary>Arguments by Keras name, for saving (empty when there are none).</summary>
    public virtual IReadOnlyDictionary<string, double> Config => new Dictionary<string, double>();

    /// <summary>Fills <paramref name="values"/>, a row-major weight of <paramref name="shape"/>.</summary>
    public void Fill(Span<float> values, int[] shape, SeededRandom random)
    {
        int count = shape.Aggregate(1, (a, b) => a * b);
        if (values.Length != count)
            throw new ArgumentException($"Initializer {Name}: the weight has {values.Length} values, shape ({string.Join(", ", shape)}) needs {count}.");
        FillCore(values, shape, random);
    }

    /// <summary>Fills a weight whose length matches <paramref name="shape"/>.</summary>
    protected abstract void FillCore(Span<float> values, int[] shape, SeededRandom random);

    /// <summary>Keras' fans: (rows, columns) of a matrix, the length twice for a vector, receptive field times channels above.</summary>
    public static (int FanIn, int FanOut) Fans(int[] shape) => shape.Length switch
    {
        0 => (1, 1),
        1 => (shape[0], shape[0]),
        2 => (shape[0], shape[1]),
        _ => (shape[^2] * shape[..^2].Aggregate(1, (a, b) => a * b), shape[^1] * shape[..^2].Aggregate(1, (a, b) => a * b)),
    };

    /// <summary>The Keras name as an argument, e.g. <c>kernelInitializer: "he_normal"</c>.</summary>
    public static implicit operator Initializer(string name) => Get(name);

    /// <summary>The initializer for a Keras name with its default arguments, as in <c>kernel_initializer='he_normal'</c>.</summary>
    public static Initializer Get(string name) => FromConfig(name, new Dictionary<string, double>());

    /// <summary>Builds an initializer from its Keras name and <see cref="Config"/>.</summary>
    public static Initializer FromConfig(string name, IReadOnlyDictionary<string, double> config)
    {
        float Get(string key, float fallback) => config.TryGetValue(key, out var v) ? (float)v : fallback;
        return name switch
        {
            "glorot_uniform" => new GlorotUniform(),
            "glorot_normal" => new GlorotNormal(),
            "he_uniform" => new HeUniform(),
            "he_normal" => new HeNormal(),
            "orthogonal" => new Orthogonal(Get("gain", 1f)),
            "zeros" => new Zeros(),
            "ones" => new Ones(),
            "random_normal" => new RandomNormal(Get("mean", 0f), Get("stddev", 0.05f)),
            "random_uniform" or "uniform" => new RandomUniform(Get("minval", -0.05f), Get("maxval", 0.05f)),
            "truncated_normal" => new TruncatedNormal(Get("mean", 0f), Get("stddev", 0.05f)),
            _ => throw new ArgumentException(
                $"Unknown initializer '{name}'; known: glorot_uniform, glorot_normal, he_uniform, he_normal, orthogonal, zeros, ones, random_normal, random_uniform, truncated_normal.",
                nameof(name)),
        };
    }
}
