namespace LstmActors.Engine.Constraints;

/// <summary>
/// Keras' norm constraints: the L2 norm of each slice along <see cref="Axis"/> (default 0: each column of a
/// (inputs, units) kernel, the whole of a bias) is rescaled as w · desired / (ε + norm), ε = 1e-7 as Keras' epsilon.
/// </summary>
public abstract class NormConstraint : Constraint
{
    private const float Epsilon = 1e-7f;

    /// <summary>Sets the axis the norms run along (negative counts from the end, as in Keras).</summary>
    protected NormConstraint(int axis)
    {
        Axis = axis;
    }

    /// <summary>The axis the norms are taken along.</summary>
    public int Axis { get; }

    /// <summary>The norm a slice of norm <paramref name="norm"/> is scaled to.</summary>
    protected abstract float Desired(float norm);

    /// <summary>The axis entry of <see cref="Constraint.Config"/>.</summary>
    protected Dictionary<string, double> AxisConfig() => new() { ["axis"] = Axis };

    /// <inheritdoc />
    public override void Apply(Span<float> values, int[] shape)
    {
        int axis = Axis < 0 ? Axis + shape.Length : Axis;
        if (axis < 0 || axis >= shape.Length)
            throw new ArgumentException($"Constraint {Name} has axis {Axis}, the weight of shape ({string.Join(", ", shape)}) has {shape.Length} axes.");
        // Loops rather than LINQ: this runs after every optimizer step and allocates nothing.
        int length = shape[axis], outer = 1, inner = 1;
        for (int d = 0; d < axis; d++) outer *= shape[d];
        for (int d = axis + 1; d < shape.Length; d++) inner *= shape[d];
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                int start = o * length * inner + i;
                double sum = 0;
                for (int k = 0; k < length; k++) sum += (double)values[start + k * inner] * values[start + k * inner];
                float norm = (float)Math.Sqrt(sum);
                float scale = Desired(norm) / (Epsilon + norm);
                for (int k = 0; k < length; k++) values[start + k * inner] *= scale;
            }
        }
    }
}
