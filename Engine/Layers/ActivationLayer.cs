using LstmActors.Engine.Activations;
using LstmActors.Engine.Tensors;

namespace LstmActors.Engine.Layers;

/// <summary>
/// Keras <c>Activation("softmax")</c> (summary type "Activation"): applies an activation to its input, softmax over
/// the last axis, so on (batch, timesteps, classes) it is also Keras' <c>TimeDistributed(Activation(…))</c>.
/// Named ActivationLayer because <see cref="Activations.Activation"/> is the enum of activations.
/// </summary>
public sealed class ActivationLayer : Layer
{
    /// <summary>Creates the layer for a Keras activation name ("softmax", "relu", …).</summary>
    public ActivationLayer(string activation) : this(ActivationFunctions.Parse(activation))
    {
    }

    /// <summary>Creates the layer for an activation given as the enum.</summary>
    public ActivationLayer(Activation activation)
    {
        Activation = activation;
    }

    /// <summary>The activation applied.</summary>
    public Activation Activation { get; }

    /// <inheritdoc />
    public override string TypeName => "Activation";

    /// <inheritdoc />
    public override string NameStem => "activation";

    /// <inheritdoc />
    public override int[] ComputeOutputShape(int[] inputShape) => (int[])inputShape.Clone();

    /// <inheritdoc />
    internal override Tensor Forward(Tensor input, bool training)
    {
        var output = Tensor.Zeros(input.Shape.ToArray());
        ActivationFunctions.ForwardRows(Activation, input.Span, output.Span, input.Shape[^1]);
        if (training) SaveForBackward<Saved>().Output = output;
        return output;
    }

    /// <inheritdoc />
    internal override Tensor Backward(Tensor outputGradient)
    {
        var output = SavedForBackward<Saved>().Output!;
        var inputGradient = Tensor.Zeros(output.Shape.ToArray());
        ActivationFunctions.BackwardRows(Activation, output.Span, outputGradient.Span, inputGradient.Span, output.Shape[^1]);
        return inputGradient;
    }

    /// <summary>What a training call keeps for its backward.</summary>
    private sealed class Saved
    {
        public Tensor? Output;
    }
}
