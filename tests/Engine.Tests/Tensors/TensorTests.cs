using LstmActors.Engine.Tensors;

namespace LstmActors.Engine.Tests.Tensors;

/// <summary>Tensor is row-major: the last index moves fastest.</summary>
public sealed class TensorTests
{
    [Fact]
    public void Indexer_reads_row_major_order()
    {
        var t = Tensor.From(Enumerable.Range(0, 24).Select(i => (float)i).ToArray(), 2, 3, 4);
        Assert.Equal(0f, t[0, 0, 0]);
        Assert.Equal(7f, t[0, 1, 3]);
        Assert.Equal(12f, t[1, 0, 0]);
        Assert.Equal(23f, t[1, 2, 3]);
        t[1, 2, 3] = -1f;
        Assert.Equal(-1f, t.ToArray()[23]);
    }

    [Fact]
    public void ToArray_copies_while_From_and_Reshape_share()
    {
        var data = new float[] { 1, 2, 3, 4 };
        var t = Tensor.From(data, 2, 2);
        var copy = t.ToArray();
        var flat = t.Reshape(4);
        data[0] = 9;
        Assert.Equal(1f, copy[0]);
        Assert.Equal(9f, flat[0]);
        Assert.Equal([4], flat.Shape);
    }

    [Fact]
    public void Slice_and_Gather_take_whole_samples()
    {
        var t = Tensor.FromRows([[1, 2], [3, 4], [5, 6]]);
        Assert.Equal([3f, 4f, 5f, 6f], t.Slice(1, 2).ToArray());
        Assert.Equal([5f, 6f, 1f, 2f], t.Gather([2, 0]).ToArray());
        Assert.Equal([2, 2], t.Gather([2, 0]).Shape);
        Assert.Throws<ArgumentOutOfRangeException>(() => t.Slice(2, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => t.Gather([3]));
    }

    [Fact]
    public void Ragged_rows_are_refused_naming_the_row()
    {
        var error = Assert.Throws<ArgumentException>(() => Tensor.FromRows([[1, 2], [3]]));
        Assert.Contains("Row 1", error.Message);
    }
}
