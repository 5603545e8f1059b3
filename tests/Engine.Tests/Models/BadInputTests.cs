using LstmActors.Engine.Layers;
using LstmActors.Engine.Models;
using LstmActors.Engine.Serialization;
using LstmActors.Engine.Tensors;
using LstmActors.Engine.Tests.Serialization;

namespace LstmActors.Engine.Tests.Models;

/// <summary>Bad input fails with an exception naming the thing and the place, never a wrong answer or IndexOutOfRange.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static Sequential SeedModel()
    {
        var model = new Sequential(seed: 1);
        model.Add(new Input(3, 1));
        model.Add(new Lstm(10, activation: "relu"));
        model.Add(new Dense(1));
        model.Compile("adam", "mse");
        return model;
    }

    [Fact]
    public void Input_without_the_feature_axis_names_expected_and_actual_shapes()
    {
        var error = Assert.Throws<ArgumentException>(() => SeedModel().Predict(Tensor.Zeros(4, 3)));
        Assert.Contains("(4, 3)", error.Message);
        Assert.Contains("(batch, timesteps, features) = (None, 3, 1)", error.Message);
    }

    [Fact]
    public void Input_with_wrong_timesteps_or_features_names_both_shapes()
    {
        var model = SeedModel();
        var features = Assert.Throws<ArgumentException>(() => model.Predict(Tensor.Zeros(4, 3, 2)));
        Assert.Contains("(4, 3, 2)", features.Message);
        Assert.Contains("(None, 3, 1)", features.Message);
        var timesteps = Assert.Throws<ArgumentException>(() => model.Advance(Tensor.Zeros(2, 5, 1), model.CreateCarry(2)));
        Assert.Contains("(2, 5, 1)", timesteps.Message);
    }

    [Fact]
    public void NaN_in_x_names_the_tensor_and_the_index()
    {
        var x = Tensor.Zeros(2, 3, 1);
        x[1, 2, 0] = float.NaN;
        var error = Assert.Throws<ArgumentException>(() => SeedModel().Fit(x, Tensor.Zeros(2), epochs: 1));
        Assert.Contains("x contains NaN at index (1, 2, 0)", error.Message);
    }

    [Fact]
    public void Infinity_in_y_names_the_tensor_and_the_index()
    {
        var y = Tensor.Zeros(2, 1);
        y[1, 0] = float.PositiveInfinity;
        var error = Assert.Throws<ArgumentException>(() => SeedModel().TrainOnBatch(Tensor.Zeros(2, 3, 1), y));
        Assert.Contains("y contains", error.Message);
        Assert.Contains("(1, 0)", error.Message);
    }

    [Fact]
    public void A_target_of_the_wrong_shape_names_it_and_the_output()
    {
        var model = SeedModel();
        var wrongWidth = Assert.Throws<ArgumentException>(() => model.TrainOnBatch(Tensor.Zeros(2, 3, 1), Tensor.Zeros(2, 2)));
        Assert.Contains("(2, 2)", wrongWidth.Message);
        Assert.Contains("(None, 1)", wrongWidth.Message);
        var wrongCount = Assert.Throws<ArgumentException>(() => model.Fit(Tensor.Zeros(4, 3, 1), Tensor.Zeros(3)));
        Assert.Contains("3 samples", wrongCount.Message);
        Assert.Contains("4", wrongCount.Message);
    }

    [Fact]
    public void Unknown_activation_and_loss_names_are_named()
    {
        var activation = Assert.Throws<ArgumentException>(() => new Lstm(10, activation: "relux"));
        Assert.Contains("'relux'", activation.Message);
        var recurrent = Assert.Throws<ArgumentException>(() => new Lstm(10, recurrentActivation: "softmax"));
        Assert.Contains("'softmax'", recurrent.Message);
        var loss = Assert.Throws<ArgumentException>(() => SeedModel().Compile("adam", "crossentropy"));
        Assert.Contains("'crossentropy'", loss.Message);
    }

    [Fact]
    public void Training_before_compile_says_so()
    {
        var model = new Sequential();
        model.Add(new Input(3, 1));
        model.Add(new Lstm(2));
        var error = Assert.Throws<InvalidOperationException>(() => model.Fit(Tensor.Zeros(1, 3, 1), Tensor.Zeros(1, 2)));
        Assert.Contains("Compile", error.Message);
    }

    [Fact]
    public void A_weight_file_of_the_wrong_shape_names_the_array_and_both_shapes()
    {
        string path = _folder.File("wrong.npz");
        new NumPyFileWriter()
            .Float32("lstm/kernel", [2, 40], new float[80])
            .Float32("lstm/recurrent_kernel", [10, 40], new float[400])
            .Float32("lstm/bias", [40], new float[40])
            .Float32("dense/kernel", [10, 1], new float[10])
            .Float32("dense/bias", [1], new float[1])
            .Save(path, compressed: false);
        var model = SeedModel();
        var before = model.GetWeights();

        var error = Assert.Throws<InvalidDataException>(() => model.LoadWeights(path));

        Assert.Contains("'lstm/kernel'", error.Message);
        Assert.Contains("(2, 40)", error.Message);
        Assert.Contains("(1, 40)", error.Message);
        Assert.Equal(before, model.GetWeights());
    }

    [Fact]
    public void A_pytorch_file_of_the_wrong_shape_names_the_array_and_both_shapes()
    {
        string path = _folder.File("wrong-torch.npz");
        new NumPyFileWriter()
            .Float32("weight_ih_l0", [40, 1], new float[40])
            .Float32("weight_hh_l0", [40, 12], new float[480])
            .Save(path, compressed: true);
        var error = Assert.Throws<InvalidDataException>(() => SeedModel().LoadWeights(path));
        Assert.Contains("'weight_hh_l0'", error.Message);
        Assert.Contains("(40, 12)", error.Message);
        Assert.Contains("(40, 10)", error.Message);
    }

    [Fact]
    public void A_missing_array_is_named_with_what_the_file_has()
    {
        string path = _folder.File("partial.npz");
        new NumPyFileWriter().Float32("lstm/kernel", [1, 40], new float[40]).Save(path, compressed: false);
        var error = Assert.Throws<InvalidDataException>(() => SeedModel().LoadWeights(path));
        Assert.Contains("'lstm/recurrent_kernel'", error.Message);
        Assert.Contains("lstm/kernel", error.Message);
    }

    [Fact]
    public void Npy_in_fortran_order_or_another_dtype_is_refused_by_name()
    {
        string fortran = _folder.File("fortran.npz");
        new NumPyFileWriter().Float32("lstm/kernel", [1, 40], new float[40], fortranOrder: true).Save(fortran, compressed: false);
        var order = Assert.Throws<InvalidDataException>(() => Npz.Read(fortran));
        Assert.Contains("'lstm/kernel'", order.Message);
        Assert.Contains("Fortran", order.Message);

        string ints = _folder.File("ints.npz");
        new NumPyFileWriter().Raw("lstm/bias", "<i4", [2], new byte[8]).Save(ints, compressed: true);
        var dtype = Assert.Throws<InvalidDataException>(() => Npz.Read(ints));
        Assert.Contains("'lstm/bias'", dtype.Message);
        Assert.Contains("'<i4'", dtype.Message);

        string bigEndian = _folder.File("big.npz");
        new NumPyFileWriter().Raw("w", ">f4", [1], new byte[4]).Save(bigEndian, compressed: false);
        Assert.Contains("'>f4'", Assert.Throws<InvalidDataException>(() => Npz.Read(bigEndian)).Message);
    }

    [Fact]
    public void A_truncated_array_or_a_file_that_is_not_a_zip_is_named()
    {
        string truncated = _folder.File("short.npz");
        new NumPyFileWriter().Raw("w", "<f4", [4], new byte[6]).Save(truncated, compressed: false);
        var shortError = Assert.Throws<InvalidDataException>(() => Npz.Read(truncated));
        Assert.Contains("'w'", shortError.Message);

        string notZip = _folder.File("plain.npz");
        File.WriteAllText(notZip, "not a zip");
        Assert.Contains(notZip, Assert.Throws<InvalidDataException>(() => Npz.Read(notZip)).Message);
        Assert.Contains(notZip, Assert.Throws<InvalidDataException>(() => Sequential.Load(notZip)).Message);
    }

    [Fact]
    public void Setting_a_flat_weight_vector_of_the_wrong_length_names_both_lengths()
    {
        var model = SeedModel();
        var error = Assert.Throws<ArgumentException>(() => model.SetWeights(new float[model.CountParams() - 1]));
        Assert.Contains($"{model.CountParams()} weights", error.Message);
        Assert.Contains($"got {model.CountParams() - 1}", error.Message);
        var gradient = Assert.Throws<ArgumentException>(() => model.ApplyGradients(new float[3]));
        Assert.Contains("gradient has 3", gradient.Message);
    }

    [Fact]
    public void Tensor_shape_errors_are_clear()
    {
        var length = Assert.Throws<ArgumentException>(() => Tensor.From(new float[5], 2, 3));
        Assert.Contains("(2, 3)", length.Message);
        Assert.Contains("5", length.Message);
        var tensor = Tensor.Zeros(2, 3);
        var outside = Assert.Throws<ArgumentOutOfRangeException>(() => tensor[2, 0]);
        Assert.Contains("(2, 0)", outside.Message);
        Assert.Contains("(2, 3)", outside.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => tensor[0, 0, 0]);
    }
}
