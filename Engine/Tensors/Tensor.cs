namespace LstmActors.Engine.Tensors;

/// <summary>A dense float32 array in row-major order with a shape, e.g. (batch, timesteps, features).</summary>
public sealed class Tensor
{
    private readonly float[] _data;
    private readonly int[] _shape;

    private Tensor(float[] data, int[] shape)
    {
        _data = data;
        _shape = shape;
    }

    /// <summary>Wraps <paramref name="data"/> (not copied) as a tensor of the given shape.</summary>
    public static Tensor From(float[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length == 0)
            throw new ArgumentException("A tensor needs at least one dimension.", nameof(shape));
        long count = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] < 0)
                throw new ArgumentException($"Dimension {i} of shape {Format(shape)} is negative.", nameof(shape));
            count *= shape[i];
        }
        if (count != data.Length)
            throw new ArgumentException(
                $"Shape {Format(shape)} holds {count} values but the data has {data.Length}.", nameof(data));
        return new Tensor(data, (int[])shape.Clone());
    }

    /// <summary>A tensor of zeros with the given shape.</summary>
    public static Tensor Zeros(params int[] shape)
    {
        long count = 1;
        foreach (int d in shape) count *= d;
        return From(new float[count], shape);
    }

    /// <summary>Builds a (rows, columns) tensor from nested rows, e.g. the seeds' <c>np.array([[1,2,3],[4,5,6]])</c>.</summary>
    public static Tensor FromRows(float[][] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int columns = rows.Length == 0 ? 0 : rows[0].Length;
        var data = new float[rows.Length * columns];
        for (int r = 0; r < rows.Length; r++)
        {
            if (rows[r].Length != columns)
                throw new ArgumentException($"Row {r} has {rows[r].Length} values, row 0 has {columns}.", nameof(rows));
            rows[r].CopyTo(data, r * columns);
        }
        return new Tensor(data, [rows.Length, columns]);
    }

    /// <summary>The dimensions, outermost first.</summary>
    public IReadOnlyList<int> Shape => _shape;

    /// <summary>Number of dimensions.</summary>
    public int Rank => _shape.Length;

    /// <summary>Total number of values.</summary>
    public int Length => _data.Length;

    /// <summary>The underlying row-major values (shared, not copied).</summary>
    public Span<float> Span => _data;

    /// <summary>The underlying row-major array (shared, not copied).</summary>
    internal float[] Data => _data;

    /// <summary>One value by its full index, checked against the shape.</summary>
    public float this[params int[] index]
    {
        get => _data[Offset(index)];
        set => _data[Offset(index)] = value;
    }

    /// <summary>A copy of the values in row-major order.</summary>
    public float[] ToArray() => (float[])_data.Clone();

    /// <summary>The same values viewed with another shape of equal size (data shared).</summary>
    public Tensor Reshape(params int[] shape) => From(_data, shape);

    /// <summary>Rows <paramref name="start"/>..start+count of the first dimension, copied.</summary>
    public Tensor Slice(int start, int count)
    {
        if (start < 0 || count < 0 || start + count > _shape[0])
            throw new ArgumentOutOfRangeException(nameof(start),
                $"Rows {start}..{start + count} are outside the first dimension of {ShapeText}.");
        int row = RowSize;
        var shape = (int[])_shape.Clone();
        shape[0] = count;
        return new Tensor(_data.AsSpan(start * row, count * row).ToArray(), shape);
    }

    /// <summary>The rows listed in <paramref name="rows"/> of the first dimension, copied in that order.</summary>
    public Tensor Gather(ReadOnlySpan<int> rows)
    {
        int row = RowSize;
        var shape = (int[])_shape.Clone();
        shape[0] = rows.Length;
        var data = new float[rows.Length * row];
        for (int i = 0; i < rows.Length; i++)
        {
            if ((uint)rows[i] >= (uint)_shape[0])
                throw new ArgumentOutOfRangeException(nameof(rows), $"Row {rows[i]} is outside the first dimension of {ShapeText}.");
            _data.AsSpan(rows[i] * row, row).CopyTo(data.AsSpan(i * row));
        }
        return new Tensor(data, shape);
    }

    /// <summary>Values per entry of the first dimension.</summary>
    public int RowSize => _shape[0] == 0 ? ProductAfterFirst() : _data.Length / _shape[0];

    /// <summary>The shape as text, e.g. "(32, 25, 1)".</summary>
    public string ShapeText => Format(_shape);

    /// <summary>Throws naming <paramref name="name"/> and the index of the first NaN or infinity.</summary>
    public void EnsureFinite(string name)
    {
        for (int i = 0; i < _data.Length; i++)
        {
            if (!float.IsFinite(_data[i]))
                throw new ArgumentException(
                    $"{name} contains {(_data[i] is float.NaN ? "NaN" : _data[i].ToString(System.Globalization.CultureInfo.InvariantCulture))} at index {Format(Unflatten(i))}.");
        }
    }

    /// <summary>Formats a shape as "(a, b, c)".</summary>
    public static string Format(IReadOnlyList<int> shape) =>
        shape.Count == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";

    /// <summary>Formats a layer shape with its batch dimension in front, open dimensions (null, negative) as None, e.g. "(None, 3, 20)".</summary>
    public static string FormatWithBatch(int? batch, IReadOnlyList<int> shape) =>
        "(" + string.Join(", ", new[] { batch?.ToString() ?? "None" }.Concat(shape.Select(d => d < 0 ? "None" : d.ToString()))) + ")";

    /// <summary>Whether <paramref name="actual"/> fits <paramref name="expected"/>, where a negative expected dimension fits any size.</summary>
    public static bool Fits(IReadOnlyList<int> expected, IEnumerable<int> actual)
    {
        int i = 0;
        foreach (int d in actual)
        {
            if (i >= expected.Count || (expected[i] >= 0 && expected[i] != d)) return false;
            i++;
        }
        return i == expected.Count;
    }

    /// <inheritdoc />
    public override string ToString() => $"Tensor{ShapeText}";

    private int ProductAfterFirst()
    {
        int p = 1;
        for (int i = 1; i < _shape.Length; i++) p *= _shape[i];
        return p;
    }

    private int Offset(int[] index)
    {
        if (index.Length != _shape.Length)
            throw new ArgumentOutOfRangeException(nameof(index),
                $"Index {Format(index)} has {index.Length} dimensions, the tensor {ShapeText} has {_shape.Length}.");
        int offset = 0;
        for (int i = 0; i < index.Length; i++)
        {
            if ((uint)index[i] >= (uint)_shape[i])
                throw new ArgumentOutOfRangeException(nameof(index), $"Index {Format(index)} is outside the tensor {ShapeText} (dimension {i}).");
            offset = offset * _shape[i] + index[i];
        }
        return offset;
    }

    private int[] Unflatten(int flat)
    {
        var index = new int[_shape.Length];
        for (int i = _shape.Length - 1; i >= 0; i--)
        {
            index[i] = flat % _shape[i];
            flat /= _shape[i];
        }
        return index;
    }
}
