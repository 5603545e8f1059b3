namespace LstmActors.Engine.Initializers;

/// <summary>An initializer drawing from a normal of <see cref="Mean"/> and <see cref="Stddev"/> (Keras random_normal, truncated_normal).</summary>
public abstract class NormalInitializer : Initializer
{
    /// <summary>Keeps the distribution's arguments.</summary>
    protected NormalInitializer(float mean, float stddev)
    {
        if (!(stddev >= 0)) throw new ArgumentOutOfRangeException(nameof(stddev), $"stddev must be non-negative, got {stddev}.");
        Mean = mean;
        Stddev = stddev;
    }

    /// <summary>Mean of the (untruncated) normal.</summary>
    public float Mean { get; }

    /// <summary>Standard deviation of the (untruncated) normal.</summary>
    public float Stddev { get; }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, double> Config => new Dictionary<string, double> { ["mean"] = Mean, ["stddev"] = Stddev };
}
