using System.Globalization;
using System.Text;
using LstmActors.Engine.Layers;
using LstmActors.Engine.Tensors;

namespace LstmActors.Engine.Models;

/// <summary>
/// Formats a model as Keras 2's <c>model.summary()</c>: a Sequential, or a graph that is a chain, as the 65-column table
/// (layer and type, output shape, parameters); any other graph as the 98-column one that adds "Connected to", naming each
/// input as Keras does, <c>layer[node][tensor]</c> (which call of that layer, which of its outputs).
/// </summary>
internal static class ModelSummary
{
    private static readonly int[] ChainColumns = [29, 55, 65];
    private static readonly int[] GraphColumns = [32, 53, 65, 98];

    public static string Format(Model model)
    {
        if (!model.IsBuilt)
            throw new InvalidOperationException($"Model '{model.ModelName}' is not built: add an Input first (Keras needs input_shape for summary()).");
        bool chain = model is Sequential || IsChain(model);
        var columns = chain ? ChainColumns : GraphColumns;
        int width = columns[^1];
        var text = new StringBuilder();
        text.AppendLine($"Model: \"{model.ModelName}\"");
        text.AppendLine(new string('_', width));
        Row(text, chain ? ["Layer (type)", "Output Shape", "Param #"] : ["Layer (type)", "Output Shape", "Param #", "Connected to"], columns);
        text.AppendLine(new string('=', width));
        var rows = model is Sequential sequential
            ? sequential.Layers.Select(l => new[] { $"{l.Name} ({l.TypeName})", Tensor.FormatWithBatch(sequential.Input!.BatchSize, l.OutputShape), Count(l) })
            : model.Inputs.Select(i => new[] { $"{i.Name} (InputLayer)", $"[{Shape(i)}]", "0", "[]" })
                .Concat(model.Layers.Select(l => new[] { $"{l.Name} ({l.TypeName})", OutputShape(l), Count(l), Connections(model, l) }));
        foreach (var row in rows)
        {
            Row(text, chain ? row[..3] : row, columns);
            text.AppendLine(new string(' ', width));
        }
        text.AppendLine(new string('=', width));
        string total = model.CountParams().ToString("N0", CultureInfo.InvariantCulture);
        text.AppendLine($"Total params: {total}");
        text.AppendLine($"Trainable params: {total}");
        text.AppendLine("Non-trainable params: 0");
        text.AppendLine(new string('_', width));
        return text.ToString();
    }

    /// <summary>
    /// Keras' test for the short table: one input, every call reads one tensor, every layer is called once, and no two calls
    /// (the input included) lie at the same depth, the longest distance to an output.
    /// </summary>
    private static bool IsChain(Model model)
    {
        var nodes = model.Nodes;
        if (model.Inputs.Count != 1 || nodes.Any(n => n.Node.Inputs.Length > 1) || nodes.Select(n => n.Layer).Distinct().Count() != nodes.Count)
            return false;
        var depths = new Dictionary<KerasTensor, int>();
        foreach (var output in model.Outputs) depths[output] = 0;
        for (int n = nodes.Count - 1; n >= 0; n--)
        {
            var node = nodes[n].Node;
            int depth = node.Outputs.Max(o => depths.GetValueOrDefault(o, -1));
            foreach (var output in node.Outputs) depths[output] = depth;
            var input = node.Inputs[0];
            depths[input] = Math.Max(depths.GetValueOrDefault(input, -1), depth + 1);
        }
        var levels = nodes.Select(n => depths[n.Node.Outputs[0]]).Append(depths.GetValueOrDefault(model.Inputs[0], -1)).ToList();
        return levels.Distinct().Count() == levels.Count;
    }

    /// <summary>Keras' <c>layer.output_shape</c>: the same over all its calls, a list for several outputs, else "multiple".</summary>
    private static string OutputShape(Layer layer)
    {
        var shapes = layer.InboundNodes
            .Select(n => n.Outputs.Length == 1 ? Shape(n.Outputs[0]) : $"[{string.Join(", ", n.Outputs.Select(Shape))}]")
            .Distinct().ToList();
        return shapes.Count == 1 ? shapes[0] : "multiple";
    }

    /// <summary>Every tensor the model's calls of <paramref name="layer"/> read, as Keras lists them: ['lstm[0][0]', …].</summary>
    private static string Connections(Model model, Layer layer) =>
        "[" + string.Join(", ", model.Nodes.Where(n => n.Layer == layer).OrderBy(n => n.Node.Index)
            .SelectMany(n => n.Node.Inputs).Select(t => $"'{Source(t)}'")) + "]";

    private static string Source(KerasTensor tensor) => tensor is Input input
        ? $"{input.Name}[0][0]"
        : $"{tensor.Node!.Layer.Name}[{tensor.Node.Index}][{tensor.Index}]";

    private static string Shape(KerasTensor tensor) => Tensor.FormatWithBatch(tensor.BatchSize, tensor.Shape);

    private static string Count(Layer layer) => layer.CountParams().ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Keras' <c>print_row</c>: each cell within its column (two spaces before the next), a cell too long for it continued on
    /// the following lines, broken after the first "),", "},", "]," or "'," that fits.
    /// </summary>
    private static void Row(StringBuilder text, string[] fields, int[] columns)
    {
        var left = (string[])fields.Clone();
        while (left.Any(f => f.Length > 0))
        {
            var line = new StringBuilder();
            for (int col = 0; col < left.Length; col++)
            {
                int start = col > 0 ? columns[col - 1] : 0, end = columns[col];
                int space = col != columns.Length - 1 ? 2 : 0;
                int cutoff = end - start - space;
                string fit = left[col][..Math.Min(cutoff, left[col].Length)];
                int breakAt = new[] { "),", "},", "],", "'," }
                    .Select(mark => fit.IndexOf(mark, StringComparison.Ordinal) is var at and >= 0 ? at + mark.Length : int.MaxValue).Min();
                if (breakAt != int.MaxValue)
                {
                    cutoff = breakAt;
                    fit = fit[..cutoff];
                }
                if (col == 0) line.Append(' ');
                line.Append(fit).Append(' ', space);
                left[col] = left[col][Math.Min(cutoff, left[col].Length)..];
                if (line.Length < end) line.Append(' ', end - line.Length);
            }
            text.AppendLine(line.ToString());
        }
    }
}
