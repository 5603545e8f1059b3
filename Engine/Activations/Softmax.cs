using System.Numerics.Tensors;

namespace LstmActors.Engine.Activations;

/// <summary>Keras softmax over the last axis: each row of a row-major array becomes e^(x − max) / Σ e^(x − max).</summary>
public static class Softmax
{
    /// <summary>y = softmax(x) row by row; y may alias x.</summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, int rowLength)
    {
        CheckRows(x.Length, y.Length, rowLength);
        for (int start = 0; start < x.Length; start += rowLength)
        {
            var row = y.Slice(start, rowLength);
            // Shifting by the row maximum keeps e^x finite; the result is unchanged.
            float max = TensorPrimitives.Max(x.Slice(start, rowLength));
            TensorPrimitives.Subtract(x.Slice(start, rowLength), max, row);
            TensorPrimitives.Exp(row, row);
            TensorPrimitives.Divide(row, TensorPrimitives.Sum(row), row);
        }
    }

    /// <summary>dx = y ⊙ (dy − Σ dy·y) row by row, from the output y; dx may alias dy.</summary>
    public static void Backward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int rowLength)
    {
        CheckRows(y.Length, dx.Length, rowLength);
        CheckRows(y.Length, dy.Length, rowLength);
        for (int start = 0; start < y.Length; start += rowLength)
        {
            var yRow = y.Slice(start, rowLength);
            float dot = TensorPrimitives.Dot(yRow, dy.Slice(start, rowLength));
            var dxRow = dx.Slice(start, rowLength);
            TensorPrimitives.Subtract(dy.Slice(start, rowLength), dot, dxRow);
            TensorPrimitives.Multiply(dxRow, yRow, dxRow);
        }
    }

    private static void CheckRows(int inputLength, int outputLength, int rowLength)
    {
        if (rowLength <= 0 || inputLength % rowLength != 0 || outputLength != inputLength)
            throw new ArgumentException($"Softmax needs whole rows of {rowLength}: got {inputLength} values in and {outputLength} out.");
    }
}
