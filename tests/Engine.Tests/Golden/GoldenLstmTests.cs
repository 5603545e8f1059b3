using LstmActors.Engine.Activations;
using LstmActors.Engine.Recurrent;
using LstmActors.Engine.Tests.Kernels;

namespace LstmActors.Engine.Tests.Golden;

/// <summary>Checks the LSTM kernel against PyTorch reference vectors: outputs, final carry, loss, every gradient, on every kernel path.</summary>
[Collection(KernelPathCollection.Name)]
public sealed class GoldenLstmTests
{
    public static TheoryData<string> Paths => KernelPathCollection.AllPaths();

    [Fact]
    public void Golden_folder_exists_and_holds_reference_files()
    {
        string folder = GoldenCase.Folder();
        Assert.True(Directory.Exists(folder), $"Golden folder {folder} is missing (set LSTMACTORS_GOLDEN_DIR).");
        Assert.NotEmpty(Directory.GetFiles(folder, "*.json"));
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Every_golden_file_matches_outputs_carry_loss_and_gradients(string path)
    {
        string folder = GoldenCase.Folder();
        Assert.True(Directory.Exists(folder), $"Golden folder {folder} is missing (set LSTMACTORS_GOLDEN_DIR).");
        var cases = GoldenCase.LoadAll("lstm");
        Assert.NotEmpty(cases);
        using var _ = KernelPathCollection.Force(path);
        foreach (var g in cases)
            Check(g);
    }

    private static void Check(GoldenCase g)
    {
        Assert.Equal(Activation.Tanh, ActivationFunctions.Parse(g.Text("activation")));
        Assert.Equal(Activation.Sigmoid, ActivationFunctions.Parse(g.Text("recurrent_activation")));
        int B = g.Batch, T = g.Timesteps, H = g.Units, L = g.Layers;
        var kernels = new LstmKernel[L];
        var tapes = new LstmTape[L];
        var carries = new LstmCarry[L];
        var layerInputs = new float[L][];
        float[] input = g.Array("input");
        float[] x = input;
        for (int l = 0; l < L; l++)
        {
            int f = l == 0 ? g.Features : H;
            var weights = new LstmWeights(f, H);
            g.LayerArray(l, "kernel").CopyTo(weights.Kernel, 0);
            g.LayerArray(l, "recurrent_kernel").CopyTo(weights.RecurrentKernel, 0);
            g.LayerArray(l, "bias").CopyTo(weights.Bias, 0);
            kernels[l] = new LstmKernel(new LstmSpec(f, H));
            kernels[l].SetWeights(weights);
            tapes[l] = new LstmTape(kernels[l].Spec, B, T);
            carries[l] = new LstmCarry(B, H);
            g.PerLayer("initial_h", l).CopyTo(carries[l].H, 0);
            g.PerLayer("initial_c", l).CopyTo(carries[l].C, 0);
            layerInputs[l] = x;
            var y = new float[B * T * H];
            kernels[l].Forward(x, B, T, carries[l], y, tapes[l]);
            x = y;
        }
        float[] outputs = x;
        string at = g.Name;
        Close.Assert(g.Array("outputs"), outputs, 1e-5, $"{at} outputs");
        for (int l = 0; l < L; l++)
        {
            Close.Assert(g.PerLayer("final_h", l), carries[l].H, 1e-5, $"{at} final_h layer {l}");
            Close.Assert(g.PerLayer("final_c", l), carries[l].C, 1e-5, $"{at} final_c layer {l}");
        }

        // loss = sum(outputs * loss_weights) [+ mse(dense(outputs[:, -1]), target)], and its gradient wrt outputs.
        float[] lossWeights = g.Array("loss_weights");
        double loss = 0;
        for (int i = 0; i < outputs.Length; i++) loss += (double)outputs[i] * lossWeights[i];
        float[] dOutputs = (float[])lossWeights.Clone();
        if (g.HasDense)
            loss += GoldenDenseHead.Check(g, outputs, dOutputs);
        Assert.True(Math.Abs(loss - g.Number("loss")) <= 1e-5 * Math.Max(1, Math.Abs(g.Number("loss"))),
            $"{at} loss: expected {g.Number("loss")}, got {loss}");

        float[] dy = dOutputs;
        for (int l = L - 1; l >= 0; l--)
        {
            int f = kernels[l].Spec.InputSize;
            var grads = new LstmWeights(f, H);
            var dx = new float[B * T * f];
            kernels[l].Backward(tapes[l], dy, default, default, grads, dx, default, default);
            Close.Assert(g.LayerArray(l, "grad_kernel"), grads.Kernel, 1e-4, $"{at} grad_kernel layer {l}");
            Close.Assert(g.LayerArray(l, "grad_recurrent_kernel"), grads.RecurrentKernel, 1e-4, $"{at} grad_recurrent_kernel layer {l}");
            Close.Assert(g.LayerArray(l, "grad_bias"), grads.Bias, 1e-4, $"{at} grad_bias layer {l}");
            dy = dx;
        }
        Close.Assert(g.Array("grad_input"), dy, 1e-4, $"{at} grad_input");
    }
}
