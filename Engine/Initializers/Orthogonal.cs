namespace LstmActors.Engine.Initializers;

/// <summary>
/// Keras <c>orthogonal</c> (gain 1): a Gaussian matrix made orthogonal by QR with the signs of R's diagonal folded
/// in, so a (H, 4H) recurrent kernel gets orthonormal rows.
/// </summary>
public static class Orthogonal
{
    /// <summary>Fills a row-major (rows, columns) matrix.</summary>
    public static void Fill(Span<float> matrix, int rows, int columns, SeededRandom random)
    {
        if (matrix.Length != rows * columns)
            throw new ArgumentException($"Matrix has {matrix.Length} values, ({rows}, {columns}) needs {rows * columns}.");
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
                matrix[r * columns + c] = (float)(rows >= columns ? q[c][r] : q[r][c]);
        }
    }
}
