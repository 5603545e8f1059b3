using LstmActors.Engine.Layers;
using LstmActors.Engine.Tensors;

namespace LstmActors.Engine.Models;

/// <summary>
/// A <see cref="Node"/> as one model runs it: where its input and output tensors sit among the model's tensor slots, the
/// first carry slot it uses, and buffers reused by every run (a node runs once per pass, so they are never in use twice).
/// </summary>
internal sealed class ModelNode
{
    public ModelNode(Node node, int[] inputs, int[] outputs, int carrySlot)
    {
        Node = node;
        Inputs = inputs;
        Outputs = outputs;
        CarrySlot = carrySlot;
        InputValues = new Tensor[inputs.Length];
        OutputValues = new Tensor[outputs.Length];
        InputGradients = new Tensor?[inputs.Length];
        OutputGradients = new Tensor?[outputs.Length];
    }

    /// <summary>The call.</summary>
    public Node Node { get; }

    /// <summary>The layer called.</summary>
    public Layer Layer => Node.Layer;

    /// <summary>The slot of each input tensor.</summary>
    public int[] Inputs { get; }

    /// <summary>The slot of each output tensor.</summary>
    public int[] Outputs { get; }

    /// <summary>The model carry slot of a recurrent layer that starts from a carry (a nested model: its first), or -1.</summary>
    public int CarrySlot { get; }

    /// <summary>The input tensors of the current run.</summary>
    public Tensor[] InputValues { get; }

    /// <summary>The output tensors of the current run.</summary>
    public Tensor[] OutputValues { get; }

    /// <summary>The input gradients of the current backward.</summary>
    public Tensor?[] InputGradients { get; }

    /// <summary>The output gradients of the current backward (null: the output reached no loss).</summary>
    public Tensor?[] OutputGradients { get; }
}
