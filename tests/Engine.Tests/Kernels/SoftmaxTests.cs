using LstmActors.Engine.Activations;
using LstmActors.Engine.Layers;
using LstmActors.Engine.Tensors;

namespace LstmActors.Engine.Tests.Kernels;

/// <summary>Softmax over the last axis: the definition, stability for large inputs, its Jacobian, and its use in Dense and the Activation layer.</summary>
public sealed class SoftmaxTests
{
    private static double[] Definition(float[] row)
    {
        var e = row.Select(v => Math.Exp(v)).ToArray();
        return e.Select(v => v / e.Sum()).ToArray();
    }

    [Fact]
    public void Each_row_is_exp_over_the_sum_of_exp()
    {
        float[] x = [1f, 2f, 3f, -1f, 0f, 0.5f];
        var y = new float[6];
        Softmax.Forward(x, y, 3);
        Assert.Equal(Definition([1f, 2f, 3f]).Concat(Definition([-1f, 0f, 0.5f])), y.Select(v => (double)v), (a, b) => Math.Abs(a - b) < 1e-6);
    }

    [Fact]
    public void Large_inputs_stay_finite()
    {
        float[] x = [1000f, 999f];
        Softmax.Forward(x, x, 2);
        Assert.Equal(1 / (1 + Math.Exp(-1)), x[0], 5);
    }

    [Fact]
    public void Backward_matches_the_central_difference_of_a_weighted_sum()
    {
        float[] x = [0.3f, -1.2f, 2f, 0.7f];
        float[] dy = [0.5f, -1f, 0.25f, 2f];
        var y = new float[4];
        Softmax.Forward(x, y, 4);
        var dx = new float[4];
        Softmax.Backward(y, dy, dx, 4);
        for (int i = 0; i < 4; i++)
        {
            const float h = 1e-3f;
            var up = (float[])x.Clone();
            var down = (float[])x.Clone();
            up[i] += h;
            down[i] -= h;
            double numeric = (Definition(up).Zip(dy, (a, b) => a * b).Sum() - Definition(down).Zip(dy, (a, b) => a * b).Sum()) / (2 * h);
            Assert.True(Math.Abs(numeric - dx[i]) <= 2e-5, $"dx[{i}] = {dx[i]}, central difference {numeric}");
        }
    }

    [Fact]
    public void Softmax_is_a_dense_activation_and_an_activation_layer_over_the_last_axis()
    {
        var dense = new Dense(3, activation: "softmax");
        var sequence = Tensor.From(Enumerable.Range(0, 12).Select(i => i * 0.1f).ToArray(), 2, 3, 2);
        var probabilities = dense.Call(sequence);
        var layer = new ActivationLayer("softmax");
        var fromLayer = layer.Call(Tensor.From(probabilities.ToArray(), 2, 3, 3));

        for (int r = 0; r < 6; r++)
        {
            Assert.Equal(1f, probabilities.Span.Slice(r * 3, 3).ToArray().Sum(), 5);
            Assert.Equal(1f, fromLayer.Span.Slice(r * 3, 3).ToArray().Sum(), 5);
        }
        Assert.Equal("Activation", layer.TypeName);
        Assert.Throws<ArgumentException>(() => new Lstm(3, activation: "softmax"));
    }
}
