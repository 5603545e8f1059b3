using System.Text.RegularExpressions;
using LstmActors.Engine.Layers;
using LstmActors.Engine.Models;
using LstmActors.Engine.Tensors;

namespace LstmActors.Engine.Serialization;

/// <summary>
/// Puts named arrays (from a .npz or a model file) into a model's weights. Two layouts, detected by the names:
/// Keras — "&lt;layer&gt;/kernel", "&lt;layer&gt;/recurrent_kernel", "&lt;layer&gt;/bias" (bare "kernel", … when the
/// model has a single LSTM layer); PyTorch — "weight_ih_l&lt;k&gt;" (4H, F), "weight_hh_l&lt;k&gt;" (4H, H),
/// "bias_ih_l&lt;k&gt;" + "bias_hh_l&lt;k&gt;" for the k-th LSTM layer (any "module." prefix), and
/// "&lt;layer&gt;.weight" (units, F), "&lt;layer&gt;.bias" for Dense layers, "&lt;layer&gt;.weight" (input_dim, output_dim) for Embedding.
/// </summary>
public static partial class WeightImport
{
    /// <summary>Reads the .npz at <paramref name="path"/> and sets every weight of <paramref name="model"/> from it.</summary>
    public static void LoadNpz(Sequential model, string path) => Apply(model, Npz.Read(path), path);

    /// <summary>Sets every weight of <paramref name="model"/> from <paramref name="arrays"/>; nothing changes when one is missing or mis-shaped.</summary>
    public static void Apply(Sequential model, IReadOnlyDictionary<string, NpyArray> arrays, string source)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!model.IsBuilt) throw new InvalidOperationException($"Model '{model.Name}' is not built; add an Input before loading weights.");
        bool pytorch = arrays.Keys.Any(k => PyTorchLstmKey().IsMatch(k));
        var flat = new float[model.CountParams()];
        int offset = 0, lstmIndex = 0;
        int lstmCount = model.LstmLayers.Count;
        foreach (var layer in model.Layers)
        {
            foreach (var parameter in layer.Parameters)
            {
                var values = pytorch
                    ? PyTorchValues(layer, parameter, lstmIndex, arrays, source)
                    : KerasValues(layer, parameter, lstmCount, arrays, source);
                values.CopyTo(flat, offset);
                offset += parameter.Count;
            }
            if (layer is Lstm) lstmIndex++;
        }
        model.SetWeights(flat);
    }

    private static float[] KerasValues(Layer layer, Parameter parameter, int lstmCount, IReadOnlyDictionary<string, NpyArray> arrays, string source)
    {
        string key = $"{layer.Name}/{parameter.Name}";
        if (!arrays.TryGetValue(key, out var array) && !(layer is Lstm && lstmCount == 1 && arrays.TryGetValue(parameter.Name, out array)))
            throw MissingArray(key, layer, arrays, source, "Keras");
        RequireShape(array, parameter.Shape, layer, source);
        return array.Data;
    }

    private static float[] PyTorchValues(Layer layer, Parameter parameter, int lstmIndex, IReadOnlyDictionary<string, NpyArray> arrays, string source)
    {
        if (layer is Lstm)
        {
            switch (parameter.Name)
            {
                case "kernel": return Transposed(Find($"weight_ih_l{lstmIndex}"), parameter.Shape);
                case "recurrent_kernel": return Transposed(Find($"weight_hh_l{lstmIndex}"), parameter.Shape);
                default:
                    var ih = Find($"bias_ih_l{lstmIndex}");
                    var hh = Find($"bias_hh_l{lstmIndex}");
                    RequireShape(ih, parameter.Shape, layer, source);
                    RequireShape(hh, parameter.Shape, layer, source);
                    return ih.Data.Zip(hh.Data, (a, b) => a + b).ToArray();
            }
        }
        // nn.Embedding's weight is (num_embeddings, embedding_dim), Keras' layout already.
        if (layer is Embedding) return Checked(Find($"{layer.Name}.weight"), parameter.Shape);
        return parameter.Name == "kernel"
            ? Transposed(Find($"{layer.Name}.weight"), parameter.Shape)
            : Checked(Find($"{layer.Name}.bias"), parameter.Shape);

        NpyArray Find(string suffix)
        {
            foreach (var (name, array) in arrays)
            {
                if (name == suffix || name.EndsWith("." + suffix, StringComparison.Ordinal)) return array;
            }
            throw MissingArray(suffix, layer, arrays, source, "PyTorch");
        }

        float[] Checked(NpyArray array, int[] shape)
        {
            RequireShape(array, shape, layer, source);
            return array.Data;
        }

        // PyTorch stores (out, in); Keras layout is (in, out).
        float[] Transposed(NpyArray array, int[] kerasShape)
        {
            int rows = kerasShape[0], columns = kerasShape[1];
            RequireShape(array, [columns, rows], layer, source);
            var result = new float[rows * columns];
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < columns; c++) result[r * columns + c] = array.Data[c * rows + r];
            return result;
        }
    }

    private static void RequireShape(NpyArray array, int[] shape, Layer layer, string source)
    {
        if (!array.Shape.SequenceEqual(shape))
            throw new InvalidDataException(
                $"{source}: array '{array.Name}' has shape {array.ShapeText} but layer '{layer.Name}' ({layer.TypeName}) needs {Tensor.Format(shape)}.");
    }

    private static InvalidDataException MissingArray(string key, Layer layer, IReadOnlyDictionary<string, NpyArray> arrays, string source, string layout) =>
        new($"{source}: no array '{key}' for layer '{layer.Name}' ({layer.TypeName}), {layout} layout; the file has: {string.Join(", ", arrays.Keys.Order())}.");

    [GeneratedRegex(@"(^|\.)weight_ih_l\d+$")]
    private static partial Regex PyTorchLstmKey();
}
