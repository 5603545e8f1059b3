using LstmActors.Engine.Losses;
using LstmActors.Engine.Tensors;

namespace LstmActors.Engine.Tests.Layers;

/// <summary>Keras regression losses: values and gradients on hand-worked examples.</summary>
public sealed class LossTests
{
    private static readonly Tensor Prediction = Tensor.From([1f, -2f, 0.5f, 3f], 2, 2);
    private static readonly Tensor Target = Tensor.From([0f, 0f, 0f, 0f], 2, 2);

    [Theory]
    [InlineData("mse", (1 + 4 + 0.25 + 9) / 4.0)]
    [InlineData("mae", (1 + 2 + 0.5 + 3) / 4.0)]
    [InlineData("huber", (0.5 + 1.5 + 0.125 + 2.5) / 4.0)] // delta 1: ½d² inside, |d| − ½ outside
    public void Loss_is_the_mean_over_all_elements(string name, double expected)
    {
        Assert.Equal(expected, Loss.Parse(name).Compute(Prediction, Target), 6);
    }

    [Fact]
    public void Gradients_are_per_element_derivatives_divided_by_the_count()
    {
        var gradient = new float[4];
        new Mse().Gradient(Prediction, Target, gradient);
        Assert.Equal([0.5f, -1f, 0.25f, 1.5f], gradient);
        new Mae().Gradient(Prediction, Target, gradient);
        Assert.Equal([0.25f, -0.25f, 0.25f, 0.25f], gradient);
        new Huber(delta: 2f).Gradient(Prediction, Target, gradient);
        Assert.Equal([0.25f, -0.5f, 0.125f, 0.5f], gradient);
    }

    [Fact]
    public void Shapes_must_match()
    {
        var error = Assert.Throws<ArgumentException>(() => new Mse().Compute(Prediction, Tensor.Zeros(4)));
        Assert.Contains("(4,)", error.Message);
        Assert.Contains("(2, 2)", error.Message);
    }
}
