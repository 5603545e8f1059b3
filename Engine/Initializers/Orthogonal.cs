namespace LstmActors.Engine.Initializers;

/// <summary>
/// Keras <c>orthogonal</c>: a Gaussian matrix made orthogonal by QR with the signs of R's diagonal folded in, times
/// <see cref="Gain"/>, so a (H, 4H) recurrent kernel gets orthonormal rows. A weight of more axes is treated as
/// (product of all but the last, last), as Keras does.
/// </summary>
public sealed class Orthogonal : Initializer
{
    /// <summary>Creates the initializer with Keras' multiplicative <paramref name="gain"/> (default 1).</summary>
    public Orthogonal(float gain = 1f)
    {
        Gain = gain;
    }

    /// <summary>Factor applied to the orthogonal matrix.</summary>
    public float Gain { get; }

    /// <inheritdoc />
    public override string Name => "orthogonal";

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, double> Config => new Dictionary<string, double> { ["gain"] = Gain };

    /// <inheritdoc />
    protected override void FillCore(Span<float> matrix, int[] shape, SeededRandom random)
    {
        if (shape.Length < 2)
            throw new ArgumentException($"The orthogonal initializer needs a weight of two or more axes, got shape ({string.Join(", ", shape)}).");
        int columns = shape[^1], rows = matrix.Length / columns;
        // QR of the tall orientation (n >= m); Gram–Schmidt gives Q with R's diagonal positive, which is what
        // Keras' q * sign(diag(r)) produces.
        int n = Math.Max(rows, columns), m = Math.Min(rows, columns);
        var q = new double[m][];
        for (int j = 0; j < m; j++)
        {
            q[j] = new double[n];
            for (int i = 0; i < n; i++) q[j][i] = random.NextNormal();
        }
        for (int j = 0; j < m; j++)
        {
            for (int pass = 0; pass < 2; pass++)
            {
                for (int k = 0; k < j; k++)
                {
                    double dot = 0;
                    for (int i = 0; i < n; i++) dot += q[j][i] * q[k][i];
                    for (int i = 0; i < n; i++) q[j][i] -= dot * q[k][i];
                }
            }
            double norm = 0;
            for (int i = 0; i < n; i++) norm += q[j][i] * q[j][i];
            norm = Math.Sqrt(norm);
            for (int i = 0; i < n; i++) q[j][i] /= norm;
        }
        // q[j] are orthonormal vectors of length n: columns of the tall (n, m) matrix.
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
                matrix[r * columns + c] = (float)(Gain * (rows >= columns ? q[c][r] : q[r][c]));
        }
    }
}
