using LstmActors.Engine.Layers;
using LstmActors.Engine.Models;
using LstmActors.Engine.Recurrent;
using LstmActors.Engine.Tensors;
using LstmActors.Engine.Tests.Golden;

namespace LstmActors.Engine.Tests.Serialization;

/// <summary>
/// Weights exported to .npz by Keras or PyTorch reproduce the reference outputs (LSTM, GRU, SimpleRNN): the npz files are
/// written here from the golden JSON weights (PyTorch layout: transposed matrices, GRU gates r, z, n, the bias split in two),
/// then loaded by the engine.
/// </summary>
public sealed class NpzImportTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public static TheoryData<string> Cases() => GoldenFiles(_ => true);

    public static TheoryData<string> DenseCases() => GoldenFiles(golden => golden.HasDense);

    /// <summary>Every case PyTorch has a module for (Keras' GRU with resetAfter false has none).</summary>
    public static TheoryData<string> PyTorchCases() => GoldenFiles(golden => !IsResetBefore(golden));

    private static bool IsResetBefore(GoldenCase golden) => golden.Cell == "gru" && !golden.Flag("reset_after");

    private static Rnn Layer(GoldenCase golden, bool returnSequences) => golden.Cell switch
    {
        "gru" => new Gru(golden.Units, returnSequences: returnSequences, resetAfter: golden.Flag("reset_after")),
        "simple_rnn" => new SimpleRnn(golden.Units, returnSequences: returnSequences),
        _ => new Lstm(golden.Units, returnSequences: returnSequences),
    };

    private static TheoryData<string> GoldenFiles(Func<GoldenCase, bool> include)
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(GoldenCase.Folder(), "*.json").Order())
        {
            if (include(GoldenCase.Load(file))) data.Add(Path.GetFileName(file));
        }
        return data;
    }

    public void Dispose() => _folder.Dispose();

    private static Sequential SequenceModel(GoldenCase golden)
    {
        var model = new Sequential();
        model.Add(new Input(golden.Timesteps, golden.Features));
        for (int l = 0; l < golden.Layers; l++) model.Add(Layer(golden, returnSequences: true));
        return model;
    }

    private static Sequential DenseModel(GoldenCase golden)
    {
        var model = new Sequential();
        model.Add(new Input(golden.Timesteps, golden.Features));
        for (int l = 0; l < golden.Layers; l++) model.Add(Layer(golden, returnSequences: l < golden.Layers - 1));
        model.Add(new Dense(golden.DenseUnits));
        return model;
    }

    private static int InputSize(GoldenCase golden, int layer) => layer == 0 ? golden.Features : golden.Units;

    private string WriteKeras(GoldenCase golden, Sequential model, bool compressed)
    {
        var writer = new NumPyFileWriter();
        var layers = model.RecurrentLayers;
        for (int l = 0; l < golden.Layers; l++)
        {
            var shapes = layers[l].Parameters.ToDictionary(p => p.Name, p => p.Shape);
            string prefix = layers[l].Name + "/";
            writer.Float32(prefix + "kernel", shapes["kernel"], golden.LayerArray(l, "kernel"));
            // float64 arrays are accepted too (numpy's default dtype).
            writer.Float64(prefix + "recurrent_kernel", shapes["recurrent_kernel"], golden.LayerArray(l, "recurrent_kernel"));
            writer.Float32(prefix + "bias", shapes["bias"], golden.LayerArray(l, "bias"));
        }
        if (model.Layers[^1] is Dense dense)
        {
            writer.Float32(dense.Name + "/kernel", [golden.Units, golden.DenseUnits], golden.DenseArray("kernel"));
            writer.Float32(dense.Name + "/bias", [golden.DenseUnits], golden.DenseArray("bias"));
        }
        string path = _folder.File($"keras-{golden.Name}-{model.Layers.Count}.npz");
        writer.Save(path, compressed);
        return path;
    }

    private string WritePyTorch(GoldenCase golden, Sequential model)
    {
        var writer = new NumPyFileWriter();
        int h = golden.Units, gates = golden.Cell switch { "gru" => 3, "simple_rnn" => 1, _ => 4 }, g = gates * h;
        // PyTorch stacks GRU gates r, z, n; Keras z, r, h. Swapping the first two blocks goes either way.
        float[] Torch(float[] keras, int width = 1)
        {
            int block = h * width;
            return golden.Cell == "gru" ? [.. keras.AsSpan(block, block), .. keras.AsSpan(0, block), .. keras.AsSpan(2 * block, block)] : keras;
        }
        string module = golden.Cell;
        for (int l = 0; l < golden.Layers; l++)
        {
            int f = InputSize(golden, l);
            writer.Float32($"{module}.weight_ih_l{l}", [g, f], Torch(Transpose(golden.LayerArray(l, "kernel"), f, g), f));
            writer.Float32($"{module}.weight_hh_l{l}", [g, h], Torch(Transpose(golden.LayerArray(l, "recurrent_kernel"), h, g), h));
            var bias = golden.LayerArray(l, "bias");
            // A GRU keeps PyTorch's two biases as Keras' two bias rows; LSTM and RNN add them, so any split will do.
            var ih = golden.Cell == "gru" ? bias[..g] : bias.Select((b, i) => 0.25f * b + 0.01f * i).ToArray();
            var hh = golden.Cell == "gru" ? bias[g..] : bias.Select((b, i) => b - ih[i]).ToArray();
            writer.Float32($"{module}.bias_ih_l{l}", [g], Torch(ih));
            writer.Float32($"{module}.bias_hh_l{l}", [g], Torch(hh));
        }
        if (model.Layers[^1] is Dense dense)
        {
            writer.Float32(dense.Name + ".weight", [golden.DenseUnits, golden.Units], Transpose(golden.DenseArray("kernel"), golden.Units, golden.DenseUnits));
            writer.Float32(dense.Name + ".bias", [golden.DenseUnits], golden.DenseArray("bias"));
        }
        string path = _folder.File($"torch-{golden.Name}-{model.Layers.Count}.npz");
        writer.Save(path, compressed: true);
        return path;
    }

    private static float[] Transpose(float[] matrix, int rows, int columns)
    {
        var result = new float[matrix.Length];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++) result[c * rows + r] = matrix[r * columns + c];
        return result;
    }

    private static ModelCarry InitialCarry(GoldenCase golden, Sequential model)
    {
        var carry = model.CreateCarry(golden.Batch);
        for (int l = 0; l < golden.Layers; l++)
        {
            golden.PerLayer("initial_h", l).CopyTo(carry.Carries[l].H, 0);
            if (carry.Carries[l] is LstmCarry lstm) golden.PerLayer("initial_c", l).CopyTo(lstm.C, 0);
        }
        return carry;
    }

    private static void AssertReference(float[] expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(MathF.Abs(expected[i] - actual[i]) <= 2e-5f + 1e-4f * MathF.Abs(expected[i]),
                $"{what}[{i}]: reference {expected[i]}, engine {actual[i]}");
    }

    private static void AssertOutputsAndCarry(GoldenCase golden, Sequential model)
    {
        var carry = InitialCarry(golden, model);
        var outputs = model.Advance(Tensor.From(golden.Array("input"), golden.Batch, golden.Timesteps, golden.Features), carry);
        AssertReference(golden.Array("outputs"), outputs.Span, "outputs");
        for (int l = 0; l < golden.Layers; l++)
        {
            AssertReference(golden.PerLayer("final_h", l), carry.Carries[l].H, $"final_h[{l}]");
            if (carry.Carries[l] is LstmCarry lstm) AssertReference(golden.PerLayer("final_c", l), lstm.C, $"final_c[{l}]");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Keras_npz_reproduces_the_reference_outputs(string file)
    {
        var golden = GoldenCase.Load(Path.Combine(GoldenCase.Folder(), file));
        var model = SequenceModel(golden);
        model.LoadWeights(WriteKeras(golden, model, compressed: false));
        AssertOutputsAndCarry(golden, model);
    }

    [Theory]
    [MemberData(nameof(PyTorchCases))]
    public void PyTorch_npz_reproduces_the_reference_outputs(string file)
    {
        var golden = GoldenCase.Load(Path.Combine(GoldenCase.Folder(), file));
        var model = SequenceModel(golden);
        model.LoadWeights(WritePyTorch(golden, model));
        AssertOutputsAndCarry(golden, model);
    }

    [Theory]
    [MemberData(nameof(DenseCases))]
    public void Dense_head_from_either_layout_reproduces_the_reference_prediction(string file)
    {
        var golden = GoldenCase.Load(Path.Combine(GoldenCase.Folder(), file));
        var keras = DenseModel(golden);
        keras.LoadWeights(WriteKeras(golden, keras, compressed: true));
        var x = Tensor.From(golden.Array("input"), golden.Batch, golden.Timesteps, golden.Features);
        AssertReference(golden.DenseArray("prediction"), keras.Advance(x, InitialCarry(golden, keras)).Span, "keras prediction");
        if (IsResetBefore(golden)) return;
        var torch = DenseModel(golden);
        torch.LoadWeights(WritePyTorch(golden, torch));
        AssertReference(golden.DenseArray("prediction"), torch.Advance(x, InitialCarry(golden, torch)).Span, "torch prediction");
    }

    [Fact]
    public void PyTorch_weights_for_a_reset_before_gru_are_refused_naming_the_layer()
    {
        var golden = GoldenCase.Load(Path.Combine(GoldenCase.Folder(), "gru_two_layers.json"));
        var source = SequenceModel(golden);
        string path = WritePyTorch(golden, source);
        var model = new Sequential();
        model.Add(new Input(golden.Timesteps, golden.Features));
        model.Add(new Gru(golden.Units, returnSequences: true, resetAfter: false));
        var error = Assert.Throws<InvalidDataException>(() => model.LoadWeights(path));
        Assert.Contains("'gru'", error.Message);
        Assert.Contains("resetAfter", error.Message);
    }

    [Fact]
    public void A_single_lstm_layer_reads_bare_keras_names()
    {
        var golden = GoldenCase.Load(Path.Combine(GoldenCase.Folder(), "ohlcv.json"));
        var model = SequenceModel(golden);
        int g = 4 * golden.Units;
        string path = _folder.File("bare.npz");
        new NumPyFileWriter()
            .Float32("kernel", [golden.Features, g], golden.LayerArray(0, "kernel"))
            .Float32("recurrent_kernel", [golden.Units, g], golden.LayerArray(0, "recurrent_kernel"))
            .Float32("bias", [g], golden.LayerArray(0, "bias"))
            .Save(path, compressed: false);
        model.LoadWeights(path);
        AssertOutputsAndCarry(golden, model);
    }

    [Fact]
    public void The_reference_folder_has_cases()
    {
        Assert.NotEmpty(Cases());
        Assert.NotEmpty(DenseCases());
    }

    [Fact]
    public void PyTorch_bidirectional_gru_weights_fill_the_forward_and_backward_layers()
    {
        const int h = 4, f = 3, g = 3 * h;
        Sequential Model(int seed)
        {
            var model = new Sequential(seed);
            model.Add(new Input(5, f));
            model.Add(new Bidirectional(new Gru(h, returnSequences: true)));
            return model;
        }
        var source = Model(seed: 1);
        // Random biases too (a GRU starts with zero ones), so every array's place is checked.
        source.SetWeights(Models.TestData.Uniform(7, source.CountParams()).ToArray());
        var writer = new NumPyFileWriter();
        var bidirectional = (Bidirectional)source.Layers[0];
        // nn.GRU(bidirectional=True) names the backward direction "_reverse" and stacks gates r, z, n (Keras: z, r, h).
        foreach (var (layer, suffix) in new[] { (bidirectional.ForwardLayer, ""), (bidirectional.BackwardLayer, "_reverse") })
        {
            var weights = ((Gru)layer).Weights;
            float[] Torch(float[] rows, int width) => [.. rows.AsSpan(h * width, h * width), .. rows.AsSpan(0, h * width), .. rows.AsSpan(2 * h * width, h * width)];
            writer.Float32($"gru.weight_ih_l0{suffix}", [g, f], Torch(Transpose(weights.Kernel, f, g), f));
            writer.Float32($"gru.weight_hh_l0{suffix}", [g, h], Torch(Transpose(weights.RecurrentKernel, h, g), h));
            writer.Float32($"gru.bias_ih_l0{suffix}", [g], Torch(weights.Bias[..g], 1));
            writer.Float32($"gru.bias_hh_l0{suffix}", [g], Torch(weights.Bias[g..], 1));
        }
        string path = _folder.File("bidirectional.npz");
        writer.Save(path, compressed: true);
        var target = Model(seed: 2);
        Assert.NotEqual(source.GetWeights(), target.GetWeights());

        target.LoadWeights(path);

        Assert.Equal(source.GetWeights(), target.GetWeights());
    }
}
