using LstmActors.Engine.Tensors;

namespace LstmActors.Engine.Models;

/// <summary>The tensors of one run of a model's graph, slot by slot, and in backward their gradients.</summary>
internal sealed class GraphRun
{
    /// <summary>The value of each slot (inputs, then each node's outputs).</summary>
    public Tensor?[] Values { get; private set; } = [];

    /// <summary>The gradient of each slot, summed over the calls that read it (null: none).</summary>
    public Tensor?[] Gradients { get; private set; } = [];

    /// <summary>Sizes the run for <paramref name="slots"/> tensors (reusing the arrays) and returns the values.</summary>
    public Tensor?[] Begin(int slots)
    {
        if (Values.Length != slots)
        {
            Values = new Tensor?[slots];
            Gradients = new Tensor?[slots];
        }
        return Values;
    }
}
