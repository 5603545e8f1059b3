using LstmActors.Engine.Activations;

namespace LstmActors.Engine.Onnx.Import;

/// <summary>
/// Reads a Dense: <c>Gemm</c> (PyTorch's nn.Linear on (batch, features)), or <c>MatMul</c> by a weight with an optional
/// <c>Add</c> of a bias (nn.Linear on every step), and the activation node that follows.
/// </summary>
internal sealed class DenseImport : INodeImport
{
    /// <inheritdoc />
    public IReadOnlyList<string> Ops { get; } = ["Gemm", "MatMul", "Add", "Relu", "Tanh", "Sigmoid", "HardSigmoid"];

    /// <inheritdoc />
    public void Read(OnnxNode node, GraphReader graph)
    {
        switch (node.Op)
        {
            case "Gemm":
                ReadGemm(node, graph);
                break;
            case "MatMul":
                ReadMatMul(node, graph);
                break;
            case "Add":
                ReadAdd(node, graph);
                break;
            default:
                ReadActivation(node, graph);
                break;
        }
    }

    private static void ReadGemm(OnnxNode node, GraphReader graph)
    {
        node.AllowOnly("alpha", "beta", "transA", "transB");
        if (node.Float("alpha", 1f) != 1f) throw node.Refuse("alpha", "only 1 is supported.");
        if (node.Float("beta", 1f) != 1f) throw node.Refuse("beta", "only 1 is supported.");
        if (node.Int("transA", 0) != 0) throw node.Refuse("transA", "only 0 is supported (the data is A as it is).");
        var value = graph.TakeData(node, 0);
        if (!value.Axes.SequenceEqual([Axis.Batch, Axis.Feature])) throw node.Refuse(null, "A must be the (batch, features) data.");
        var weight = graph.Constant(node, 1);
        bool transposed = node.Int("transB", 0) != 0;
        int rows = (int)weight.Dims[0], columns = (int)weight.Dims[1];
        var kernel = transposed ? Transpose(TensorData.Floats(weight), rows, columns) : TensorData.Floats(weight);
        int units = transposed ? rows : columns;
        var plan = new DensePlan(units, kernel);
        if (node.Input(2).Length > 0) SetBias(node, plan, TensorData.Floats(graph.Constant(node, 2)));
        graph.Plans.Add(plan);
        graph.PutData(node.Proto.Output[0], new DataValue(value.Axes, plan));
    }

    private static void ReadMatMul(OnnxNode node, GraphReader graph)
    {
        var value = graph.TakeData(node, 0);
        if (value.Axes[^1] != Axis.Feature) throw node.Refuse(null, "the data must be the left operand with its features last.");
        var weight = graph.Constant(node, 1);
        var plan = new DensePlan((int)weight.Dims[1], TensorData.Floats(weight));
        graph.Plans.Add(plan);
        graph.PutData(node.Proto.Output[0], new DataValue(value.Axes, plan));
    }

    private static void ReadAdd(OnnxNode node, GraphReader graph)
    {
        int dataInput = graph.IsData(node, 0) ? 0 : 1;
        var value = graph.TakeData(node, dataInput);
        if (value.From is not DensePlan { HasBias: false, Activation: Activation.Linear } plan || value.Axes[^1] != Axis.Feature)
            throw node.Refuse(null, "only adding a bias right after a MatMul is supported.");
        SetBias(node, plan, TensorData.Floats(graph.Constant(node, 1 - dataInput)));
        graph.PutData(node.Proto.Output[0], value);
    }

    private static void ReadActivation(OnnxNode node, GraphReader graph)
    {
        if (node.Op == "HardSigmoid")
        {
            node.AllowOnly("alpha", "beta");
            if (node.Float("alpha", 0.2f) != 0.2f || node.Float("beta", 0.5f) != 0.5f)
                throw node.Refuse("alpha", "only Keras' hard sigmoid (alpha 0.2, beta 0.5) is supported.");
        }
        else
        {
            node.AllowOnly();
        }
        var value = graph.TakeData(node, 0);
        if (value.From is not DensePlan { Activation: Activation.Linear } plan)
            throw node.Refuse(null, "an activation is only supported right after a Gemm or MatMul (a Dense's activation).");
        plan.Activation = OnnxActivations.Parse(node.Op)!.Value;
        graph.PutData(node.Proto.Output[0], value);
    }

    private static void SetBias(OnnxNode node, DensePlan plan, float[] bias)
    {
        if (bias.Length != plan.Bias.Length) throw node.Refuse(null, $"the bias has {bias.Length} values for {plan.Bias.Length} units.");
        plan.Bias = bias;
        plan.HasBias = true;
    }

    private static float[] Transpose(float[] matrix, int rows, int columns)
    {
        var transposed = new float[matrix.Length];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++) transposed[c * rows + r] = matrix[r * columns + c];
        return transposed;
    }
}
