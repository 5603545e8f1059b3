using LstmActors.Engine.Tensors;

namespace LstmActors.Engine.Tests.Seeds;

/// <summary>Builds the seeds' NumPy-style arrays: rows of numbers reshaped to (samples, timesteps, 1).</summary>
internal static class SeedData
{
    public static Tensor Sequences(params float[][] rows) => Tensor.FromRows(rows).Reshape(rows.Length, rows[0].Length, 1);

    public static Tensor Column(params float[] values) => Tensor.From(values, values.Length);
}
