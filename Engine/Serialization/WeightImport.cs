using System.Text.RegularExpressions;
using LstmActors.Engine.Layers;
using LstmActors.Engine.Models;
using LstmActors.Engine.Tensors;

namespace LstmActors.Engine.Serialization;

/// <summary>
/// Puts named arrays (from a .npz or a model file) into a model's weights. Two layouts, detected by the names:
/// Keras — "&lt;layer&gt;/kernel", "&lt;layer&gt;/recurrent_kernel", "&lt;layer&gt;/bias" (bare "kernel", … when the
/// model has a single recurrent layer; "&lt;bidirectional&gt;/forward_lstm/kernel", … inside a Bidirectional); PyTorch —
/// "weight_ih_l&lt;k&gt;", "weight_hh_l&lt;k&gt;", "bias_ih_l&lt;k&gt;", "bias_hh_l&lt;k&gt;" (and "…_reverse" for a
/// Bidirectional's backward layer) for the k-th recurrent layer, read as nn.LSTM, nn.GRU or nn.RNN by the layer's type
/// (any "module." prefix), "&lt;layer&gt;.weight" (units, F), "&lt;layer&gt;.bias" for Dense layers and
/// "&lt;layer&gt;.weight" (input_dim, output_dim) for Embedding.
/// </summary>
public static partial class WeightImport
{
    /// <summary>Reads the .npz at <paramref name="path"/> and sets every weight of <paramref name="model"/> from it.</summary>
    public static void LoadNpz(Model model, string path) => Apply(model, Npz.Read(path), path);

    /// <summary>
    /// Sets every weight of <paramref name="model"/> from <paramref name="arrays"/>; nothing changes when one is missing or mis-shaped.
    /// A nested model's layers are read under its name ("encoder/lstm/kernel"; PyTorch "encoder.dense.weight"), and recurrent layers
    /// are numbered for PyTorch in weight order.
    /// </summary>
    public static void Apply(Model model, IReadOnlyDictionary<string, NpyArray> arrays, string source)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!model.IsBuilt) throw new InvalidOperationException($"Model '{model.ModelName}' is not built; add an Input before loading weights.");
        bool pytorch = arrays.Keys.Any(k => PyTorchRecurrentKey().IsMatch(k));
        var flat = new float[model.CountParams()];
        int offset = 0, recurrentIndex = 0;
        int recurrentCount = model.WeightLayers.Count(w => w.Layer is RecurrentLayer);
        foreach (var (path, layer) in model.WeightLayers)
        {
            var parameters = pytorch ? PyTorchDirections(layer) : layer.Parameters.Select(p => (layer, p, ""));
            foreach (var (owner, parameter, direction) in parameters)
            {
                var values = !pytorch ? KerasValues(path, layer, parameter, recurrentCount, arrays, source)
                    : owner is Rnn rnn ? PyTorchRecurrentValues(rnn, parameter, $"l{recurrentIndex}{direction}", arrays, source)
                    : PyTorchDenseValues(path.Replace('/', '.'), layer, parameter, arrays, source);
                values.CopyTo(flat, offset);
                offset += parameter.Count;
            }
            if (layer is RecurrentLayer) recurrentIndex++;
        }
        model.SetWeights(flat);
    }

    /// <summary>Each parameter of the layer in model order, with the layer owning it and its PyTorch direction suffix.</summary>
    private static IEnumerable<(Layer Owner, Parameter Parameter, string Direction)> PyTorchDirections(Layer layer)
    {
        if (layer is not Bidirectional bidirectional) return layer.Parameters.Select(p => (layer, p, ""));
        return bidirectional.ForwardLayer.Parameters.Select(p => ((Layer)bidirectional.ForwardLayer, p, ""))
            .Concat(bidirectional.BackwardLayer.Parameters.Select(p => ((Layer)bidirectional.BackwardLayer, p, "_reverse")));
    }

    private static float[] KerasValues(string path, Layer layer, Parameter parameter, int recurrentCount, IReadOnlyDictionary<string, NpyArray> arrays,
        string source)
    {
        string key = $"{path}/{parameter.Name}";
        if (!arrays.TryGetValue(key, out var array) && !(layer is Rnn && recurrentCount == 1 && arrays.TryGetValue(parameter.Name, out array)))
            throw MissingArray(key, layer, arrays, source, "Keras");
        RequireShape(array, parameter.Shape, layer, source);
        return array.Data;
    }

    /// <summary>
    /// nn.LSTM (gates i, f, g, o, as Keras), nn.GRU (gates r, z, n: reordered to Keras z, r, h; equal to Keras resetAfter) and
    /// nn.RNN: weights transposed to Keras layout; LSTM and RNN biases summed, GRU biases kept as the two rows of Keras' (2, 3H).
    /// </summary>
    private static float[] PyTorchRecurrentValues(Rnn layer, Parameter parameter, string suffix, IReadOnlyDictionary<string, NpyArray> arrays,
        string source)
    {
        if (layer is Gru { ResetAfter: false })
            throw new InvalidDataException(
                $"{source}: layer '{layer.Name}' is a GRU with resetAfter false; PyTorch's nn.GRU equals Keras' resetAfter true only.");
        int[] order = layer is Gru ? [1, 0, 2] : [];
        var ih = Find(arrays, $"weight_ih_{suffix}", layer, source);
        var hh = Find(arrays, $"weight_hh_{suffix}", layer, source);
        switch (parameter.Name)
        {
            case "kernel": return Transposed(Reordered(ih, order, layer, source), parameter.Shape, layer, source);
            case "recurrent_kernel": return Transposed(Reordered(hh, order, layer, source), parameter.Shape, layer, source);
        }
        var biasIh = Reordered(Find(arrays, $"bias_ih_{suffix}", layer, source), order, layer, source);
        var biasHh = Reordered(Find(arrays, $"bias_hh_{suffix}", layer, source), order, layer, source);
        int[] rowShape = [parameter.Shape[^1]];
        RequireShape(biasIh, rowShape, layer, source);
        RequireShape(biasHh, rowShape, layer, source);
        return layer is Gru ? [.. biasIh.Data, .. biasHh.Data] : biasIh.Data.Zip(biasHh.Data, (a, b) => a + b).ToArray();
    }

    private static float[] PyTorchDenseValues(string module, Layer layer, Parameter parameter, IReadOnlyDictionary<string, NpyArray> arrays, string source)
    {
        // nn.Embedding's weight is (num_embeddings, embedding_dim), Keras' layout already.
        if (layer is Embedding) return Checked(Find(arrays, $"{module}.weight", layer, source), parameter.Shape, layer, source);
        if (parameter.Name == "kernel") return Transposed(Find(arrays, $"{module}.weight", layer, source), parameter.Shape, layer, source);
        return Checked(Find(arrays, $"{module}.bias", layer, source), parameter.Shape, layer, source);
    }

    private static float[] Checked(NpyArray array, int[] shape, Layer layer, string source)
    {
        RequireShape(array, shape, layer, source);
        return array.Data;
    }

    private static NpyArray Find(IReadOnlyDictionary<string, NpyArray> arrays, string suffix, Layer layer, string source)
    {
        foreach (var (name, array) in arrays)
        {
            if (name == suffix || name.EndsWith("." + suffix, StringComparison.Ordinal)) return array;
        }
        throw MissingArray(suffix, layer, arrays, source, "PyTorch");
    }

    /// <summary>The row blocks of a PyTorch gate-stacked array (gates·H, …) put in <paramref name="order"/> (empty: as they are).</summary>
    private static NpyArray Reordered(NpyArray array, int[] order, Layer layer, string source)
    {
        if (order.Length == 0) return array;
        if (array.Shape[0] % order.Length != 0)
            throw new InvalidDataException($"{source}: array '{array.Name}' of shape {array.ShapeText} does not split into {order.Length} gates for layer '{layer.Name}'.");
        int block = array.Data.Length / order.Length;
        var data = new float[array.Data.Length];
        for (int g = 0; g < order.Length; g++) array.Data.AsSpan(order[g] * block, block).CopyTo(data.AsSpan(g * block));
        return array with { Data = data };
    }

    // PyTorch stores (out, in); Keras layout is (in, out).
    private static float[] Transposed(NpyArray array, int[] kerasShape, Layer layer, string source)
    {
        int rows = kerasShape[0], columns = kerasShape[1];
        RequireShape(array, [columns, rows], layer, source);
        var result = new float[rows * columns];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++) result[r * columns + c] = array.Data[c * rows + r];
        return result;
    }

    private static void RequireShape(NpyArray array, int[] shape, Layer layer, string source)
    {
        if (!array.Shape.SequenceEqual(shape))
            throw new InvalidDataException(
                $"{source}: array '{array.Name}' has shape {array.ShapeText} but layer '{layer.Name}' ({layer.TypeName}) needs {Tensor.Format(shape)}.");
    }

    private static InvalidDataException MissingArray(string key, Layer layer, IReadOnlyDictionary<string, NpyArray> arrays, string source, string layout) =>
        new($"{source}: no array '{key}' for layer '{layer.Name}' ({layer.TypeName}), {layout} layout; the file has: {string.Join(", ", arrays.Keys.Order())}.");

    [GeneratedRegex(@"(^|\.)weight_ih_l\d+(_reverse)?$")]
    private static partial Regex PyTorchRecurrentKey();
}
