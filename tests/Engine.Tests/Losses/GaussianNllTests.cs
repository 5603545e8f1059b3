using LstmActors.Engine.Layers;
using LstmActors.Engine.Losses;
using LstmActors.Engine.Models;
using LstmActors.Engine.Optimizers;
using LstmActors.Engine.Tensors;

namespace LstmActors.Engine.Tests.Losses;

/// <summary>The Gaussian negative log-likelihood agrees with PyTorch's <c>GaussianNLLLoss</c> and trains a scale head.</summary>
public sealed class GaussianNllTests
{
    // Two rows of two features: means then raw scales per row; PyTorch (python3-torch 2.x, Debian) on the same numbers:
    //   sigma = softplus(raw) + 1e-3; loss = GaussianNLLLoss()(mu, y, sigma**2); loss.backward()
    private static readonly float[] Output = [0.5f, -1.0f, 0.2f, -0.7f, 2.0f, 0.25f, 1.5f, -3.0f];
    private static readonly float[] Target = [0.1f, 0.3f, 1.0f, 0.2f];
    private const double TorchLoss = 0.5941239595413208;
    private static readonly float[] TorchMeanGradient = [0.1565869f, -1.9893935f, 0.0862601f, 5.0835624f];
    private static readonly float[] TorchScaleGradient = [0.1289135f, -1.9178878f, 0.0786352f, -0.003996f];

    [Fact]
    public void Loss_and_gradient_agree_with_pytorch()
    {
        var gradient = new float[Output.Length];

        float loss = new GaussianNll().Gradient(Tensor.From(Output, 2, 4), Tensor.From(Target, 2, 2), gradient);

        Assert.Equal(TorchLoss, loss, 1e-6);
        Assert.Equal(TorchLoss, new GaussianNll().Compute(Tensor.From(Output, 2, 4), Tensor.From(Target, 2, 2)), 1e-6);
        float[] expected = [.. TorchMeanGradient[..2], .. TorchScaleGradient[..2], .. TorchMeanGradient[2..], .. TorchScaleGradient[2..]];
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], gradient[i], 1e-5f * (1 + Math.Abs(expected[i])));
    }

    [Fact]
    public void A_target_that_is_not_half_the_output_is_refused_saying_what_it_needs()
    {
        var error = Assert.Throws<ArgumentException>(() => new GaussianNll().Compute(Tensor.From(Output, 2, 4), Tensor.From(Output, 2, 4)));

        Assert.Contains("gaussian_nll", error.Message);
        Assert.Contains("(2, 2)", error.Message);
        Assert.Throws<ArgumentException>(() => new GaussianNll().TargetShape([5, 3]));
    }

    [Fact]
    public void A_dense_head_trained_on_it_learns_each_inputs_own_noise_scale()
    {
        // y = x₀ + noise whose σ is 0.1 where x₁ = 0 and 1.0 where x₁ = 1: the head's mean learns x₀, its scale the σ.
        var random = new Random(5);
        int n = 2000;
        var x = new float[n * 2];
        var y = new float[n];
        for (int i = 0; i < n; i++)
        {
            x[2 * i] = (float)(random.NextDouble() * 2 - 1);
            x[2 * i + 1] = i % 2;
            double normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            y[i] = x[2 * i] + (float)((i % 2 == 0 ? 0.1 : 1.0) * normal);
        }
        var model = new Sequential(seed: 3);
        model.Add(new Input(2));
        model.Add(new Dense(2));
        model.Compile(new Adam(0.05f), new GaussianNll());

        model.Fit(Tensor.From(x, n, 2), Tensor.From(y, n, 1), epochs: 60, batchSize: 200);

        var heads = model.Predict(Tensor.From([0.3f, 0f, 0.3f, 1f], 2, 2)).ToArray();
        Assert.Equal(0.3f, heads[0], 0.1f);
        Assert.Equal(0.3f, heads[2], 0.15f);
        Assert.Equal(0.1f, GaussianNll.Scale(heads[1]), 0.05f);
        Assert.Equal(1.0f, GaussianNll.Scale(heads[3]), 0.2f);
    }
}
