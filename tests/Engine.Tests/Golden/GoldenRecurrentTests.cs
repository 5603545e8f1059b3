using LstmActors.Engine.Kernels;
using LstmActors.Engine.Recurrent;
using LstmActors.Engine.Tests.Kernels;
using Xunit.Abstractions;

namespace LstmActors.Engine.Tests.Golden;

/// <summary>Checks the GRU and SimpleRNN kernels against PyTorch reference vectors: outputs, final h, loss, every gradient, on every kernel path.</summary>
[Collection(KernelPathCollection.Name)]
public sealed class GoldenRecurrentTests(ITestOutputHelper output)
{
    public static TheoryData<string, string> CellsAndPaths()
    {
        var data = new TheoryData<string, string>();
        foreach (string cell in new[] { "gru", "simple_rnn" })
            foreach (var path in Enum.GetValues<KernelPath>().Where(KernelPaths.IsSupported))
                data.Add(cell, path.ToString());
        return data;
    }

    [Theory]
    [MemberData(nameof(CellsAndPaths))]
    public void Every_golden_file_of_the_cell_matches_outputs_state_loss_and_gradients(string cell, string path)
    {
        var cases = GoldenCase.LoadAll(cell);
        Assert.NotEmpty(cases);
        using var _ = KernelPathCollection.Force(path);
        foreach (var g in cases) Check(g);
    }

    [Fact]
    public void The_gru_files_cover_both_reset_modes()
    {
        var modes = GoldenCase.LoadAll("gru").Select(g => g.Flag("reset_after")).Distinct().Order().ToArray();
        Assert.Equal([false, true], modes);
    }

    private static RecurrentKernel Kernel(GoldenCase g, int features) => g.Cell == "gru"
        ? new GruKernel(new GruSpec(features, g.Units, ResetAfter: g.Flag("reset_after")))
        : new SimpleRnnKernel(new SimpleRnnSpec(features, g.Units));

    private void Check(GoldenCase g)
    {
        int B = g.Batch, T = g.Timesteps, H = g.Units, L = g.Layers;
        var kernels = new RecurrentKernel[L];
        var tapes = new RecurrentTape[L];
        var carries = new HiddenCarry[L];
        float[] x = g.Array("input");
        for (int l = 0; l < L; l++)
        {
            int f = l == 0 ? g.Features : H;
            kernels[l] = Kernel(g, f);
            var weights = kernels[l].CreateWeights();
            g.LayerArray(l, "kernel").CopyTo(weights.Kernel, 0);
            g.LayerArray(l, "recurrent_kernel").CopyTo(weights.RecurrentKernel, 0);
            g.LayerArray(l, "bias").CopyTo(weights.Bias, 0);
            kernels[l].SetWeights(weights);
            tapes[l] = kernels[l].CreateTape(B, T);
            carries[l] = new HiddenCarry(B, H);
            g.PerLayer("initial_h", l).CopyTo(carries[l].H, 0);
            var y = new float[B * T * H];
            kernels[l].Forward(x, B, T, carries[l], y, tapes[l]);
            x = y;
        }
        float[] outputs = x;
        string at = g.Name;
        Report(g.Array("outputs"), outputs, $"{at} outputs", 1e-5);
        for (int l = 0; l < L; l++) Report(g.PerLayer("final_h", l), carries[l].H, $"{at} final_h layer {l}", 1e-5);

        float[] lossWeights = g.Array("loss_weights");
        double loss = 0;
        for (int i = 0; i < outputs.Length; i++) loss += (double)outputs[i] * lossWeights[i];
        float[] dOutputs = (float[])lossWeights.Clone();
        if (g.HasDense) loss += GoldenDenseHead.Check(g, outputs, dOutputs);
        Assert.True(Math.Abs(loss - g.Number("loss")) <= 1e-5 * Math.Max(1, Math.Abs(g.Number("loss"))),
            $"{at} loss: expected {g.Number("loss")}, got {loss}");

        float[] dy = dOutputs;
        for (int l = L - 1; l >= 0; l--)
        {
            var grads = kernels[l].CreateWeights();
            var dx = new float[B * T * kernels[l].InputSize];
            kernels[l].Backward(tapes[l], dy, default, grads, dx, default);
            Report(g.LayerArray(l, "grad_kernel"), grads.Kernel, $"{at} grad_kernel layer {l}", 1e-4);
            Report(g.LayerArray(l, "grad_recurrent_kernel"), grads.RecurrentKernel, $"{at} grad_recurrent_kernel layer {l}", 1e-4);
            Report(g.LayerArray(l, "grad_bias"), grads.Bias, $"{at} grad_bias layer {l}", 1e-4);
            dy = dx;
        }
        Report(g.Array("grad_input"), dy, $"{at} grad_input", 1e-4);
    }

    /// <summary>Logs the worst absolute and relative error (the agreement figures), then asserts the tolerance.</summary>
    private void Report(float[] expected, float[] actual, string what, double tolerance)
    {
        double abs = 0, rel = 0;
        for (int i = 0; i < Math.Min(expected.Length, actual.Length); i++)
        {
            double d = Math.Abs(actual[i] - (double)expected[i]);
            abs = Math.Max(abs, d);
            rel = Math.Max(rel, d / Math.Max(1e-3, Math.Abs(expected[i])));
        }
        output.WriteLine($"{what}: max abs {abs:E2}, max rel {rel:E2}");
        Close.Assert(expected, actual, tolerance, what);
    }
}
