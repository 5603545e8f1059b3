namespace LstmActors.Engine.Initializers;

/// <summary>Keras <c>glorot_uniform</c>: U(-l, l) with l = sqrt(6 / (fan_in + fan_out)), for a (fan_in, fan_out) matrix.</summary>
public static class GlorotUniform
{
    /// <summary>Fills a row-major (rows, columns) matrix.</summary>
    public static void Fill(Span<float> matrix, int rows, int columns, SeededRandom random)
    {
        if (matrix.Length != rows * columns)
            throw new ArgumentException($"Matrix has {matrix.Length} values, ({rows}, {columns}) needs {rows * columns}.");
        float limit = MathF.Sqrt(6f / (rows + columns));
        for (int i = 0; i < matrix.Length; i++) matrix[i] = random.NextUniform(-limit, limit);
    }
}
