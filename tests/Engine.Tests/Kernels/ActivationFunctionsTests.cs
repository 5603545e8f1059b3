using LstmActors.Engine.Activations;

namespace LstmActors.Engine.Tests.Kernels;

/// <summary>Activations: Keras names, values, and derivatives taken from the output.</summary>
public sealed class ActivationFunctionsTests
{
    [Theory]
    [InlineData("tanh", Activation.Tanh)]
    [InlineData("sigmoid", Activation.Sigmoid)]
    [InlineData("hard_sigmoid", Activation.HardSigmoid)]
    [InlineData("relu", Activation.Relu)]
    [InlineData("linear", Activation.Linear)]
    [InlineData("", Activation.Linear)]
    [InlineData(null, Activation.Linear)]
    public void Keras_names_parse_and_round_trip(string? name, Activation expected)
    {
        Assert.Equal(expected, ActivationFunctions.Parse(name!));
        if (!string.IsNullOrEmpty(name)) Assert.Equal(name, ActivationFunctions.KerasName(expected));
    }

    [Fact]
    public void An_unknown_name_is_refused_naming_it()
    {
        var ex = Assert.Throws<ArgumentException>(() => ActivationFunctions.Parse("softsign"));
        Assert.Contains("'softsign'", ex.Message);
    }

    // Softmax normalizes over rows, so it has its own tests (SoftmaxTests).
    public static TheoryData<Activation> All => new(Enum.GetValues<Activation>().Where(a => a != Activation.Softmax));

    [Theory]
    [MemberData(nameof(All))]
    public void Forward_matches_the_definition_and_backward_the_central_difference(Activation a)
    {
        // Points that avoid the kinks of relu (0) and hard sigmoid (±2.5); 37 values cover vector bodies and tails.
        var x = Enumerable.Range(0, 37).Select(i => -4.1f + 0.23f * i).ToArray();
        var y = new float[x.Length];
        ActivationFunctions.Forward(a, x, y);
        var dy = Enumerable.Range(0, x.Length).Select(i => 0.5f + 0.01f * i).ToArray();
        var dx = new float[x.Length];
        ActivationFunctions.Backward(a, y, dy, dx);
        for (int i = 0; i < x.Length; i++)
        {
            double expected = Definition(a, x[i]);
            Assert.True(Math.Abs(y[i] - expected) <= 1e-6, $"{a}({x[i]}) = {y[i]}, expected {expected}");
            const double h = 1e-5;
            double slope = (Definition(a, x[i] + h) - Definition(a, x[i] - h)) / (2 * h);
            Assert.True(Math.Abs(dx[i] - dy[i] * slope) <= 1e-5, $"{a}'({x[i]}): {dx[i]}, expected {dy[i] * slope}");
        }
    }

    [Fact]
    public void Forward_may_work_in_place_and_refuses_mismatched_lengths()
    {
        var x = new[] { -1f, 0.5f, 2f };
        ActivationFunctions.Forward(Activation.Relu, x, x);
        Assert.Equal(new[] { 0f, 0.5f, 2f }, x);
        Assert.Throws<ArgumentException>(() => ActivationFunctions.Forward(Activation.Tanh, new float[3], new float[2]));
        Assert.Throws<ArgumentException>(() => ActivationFunctions.Backward(Activation.Tanh, new float[3], new float[3], new float[2]));
    }

    private static double Definition(Activation a, double x) => a switch
    {
        Activation.Tanh => Math.Tanh(x),
        Activation.Sigmoid => 1 / (1 + Math.Exp(-x)),
        Activation.HardSigmoid => Math.Clamp(0.2 * x + 0.5, 0, 1),
        Activation.Relu => Math.Max(0, x),
        _ => x,
    };
}
