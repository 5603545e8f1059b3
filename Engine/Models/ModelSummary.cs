using System.Globalization;
using System.Text;
using LstmActors.Engine.Tensors;

namespace LstmActors.Engine.Models;

/// <summary>Formats a model as Keras' <c>model.summary()</c> table (65 columns: layer and type, output shape, parameters).</summary>
internal static class ModelSummary
{
    private const int NameWidth = 29, ShapeWidth = 26, ParamWidth = 10;
    private const int Width = NameWidth + ShapeWidth + ParamWidth;

    public static string Format(Sequential model)
    {
        if (!model.IsBuilt)
            throw new InvalidOperationException($"Model '{model.Name}' is not built: add an Input first (Keras needs input_shape for summary()).");
        var text = new StringBuilder();
        text.AppendLine($"Model: \"{model.Name}\"");
        text.AppendLine(new string('_', Width));
        text.AppendLine(Row(" Layer (type)", "Output Shape", "Param #"));
        text.AppendLine(new string('=', Width));
        foreach (var layer in model.Layers)
        {
            text.AppendLine(Row($" {layer.Name} ({layer.TypeName})",
                Tensor.FormatWithBatch(model.Input!.BatchSize, layer.OutputShape),
                layer.CountParams().ToString(CultureInfo.InvariantCulture)));
            text.AppendLine(new string(' ', Width));
        }
        text.AppendLine(new string('=', Width));
        int total = model.CountParams();
        text.AppendLine($"Total params: {total.ToString("N0", CultureInfo.InvariantCulture)}");
        text.AppendLine($"Trainable params: {total.ToString("N0", CultureInfo.InvariantCulture)}");
        text.AppendLine("Non-trainable params: 0");
        text.AppendLine(new string('_', Width));
        return text.ToString();
    }

    private static string Row(string name, string shape, string parameters) =>
        Cell(name, NameWidth) + Cell(shape, ShapeWidth) + Cell(parameters, ParamWidth);

    // Keras truncates a cell that does not fit; keep one space so columns stay apart.
    private static string Cell(string value, int width) =>
        value.Length >= width ? value[..(width - 1)] + " " : value.PadRight(width);
}
