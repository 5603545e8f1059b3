using LstmActors.Engine.Activations;
using LstmActors.Engine.Constraints;
using LstmActors.Engine.Initializers;
using LstmActors.Engine.Recurrent;
using LstmActors.Engine.Regularizers;

namespace LstmActors.Engine.Layers;

/// <summary>
/// Keras <c>SimpleRNN</c> over (batch, timesteps, features): h' = activation(x·W + h·U + b), kernel (F, H), recurrent
/// kernel (H, H), bias (H). The math runs in <see cref="SimpleRnnKernel"/> from an explicit <see cref="HiddenCarry"/>.
/// </summary>
public sealed class SimpleRnn : SingleStateRnn
{
    /// <summary>Creates the layer with the activation given by Keras name ("tanh", "sigmoid", "hard_sigmoid", "relu", "linear").</summary>
    public SimpleRnn(int units, string activation = "tanh", bool useBias = true, bool returnSequences = false, bool returnState = false,
        bool stateful = false, bool goBackwards = false, float dropout = 0f, float recurrentDropout = 0f,
        Initializer? kernelInitializer = null, Initializer? recurrentInitializer = null, Initializer? biasInitializer = null,
        Regularizer? kernelRegularizer = null, Regularizer? recurrentRegularizer = null, Regularizer? biasRegularizer = null,
        Regularizer? activityRegularizer = null, Constraint? kernelConstraint = null, Constraint? recurrentConstraint = null,
        Constraint? biasConstraint = null, bool unroll = false, int implementation = 2)
        : this(units, ActivationFunctions.Parse(activation), useBias, returnSequences, returnState, stateful, goBackwards, dropout, recurrentDropout,
            kernelInitializer, recurrentInitializer, biasInitializer, kernelRegularizer, recurrentRegularizer, biasRegularizer,
            activityRegularizer, kernelConstraint, recurrentConstraint, biasConstraint, unroll, implementation)
    {
    }

    /// <summary>Creates the layer with the activation given as the enum.</summary>
    public SimpleRnn(int units, Activation activation, bool useBias = true, bool returnSequences = false, bool returnState = false,
        bool stateful = false, bool goBackwards = false, float dropout = 0f, float recurrentDropout = 0f,
        Initializer? kernelInitializer = null, Initializer? recurrentInitializer = null, Initializer? biasInitializer = null,
        Regularizer? kernelRegularizer = null, Regularizer? recurrentRegularizer = null, Regularizer? biasRegularizer = null,
        Regularizer? activityRegularizer = null, Constraint? kernelConstraint = null, Constraint? recurrentConstraint = null,
        Constraint? biasConstraint = null, bool unroll = false, int implementation = 2)
        : base("SimpleRNN", units, activation, useBias, returnSequences, returnState, stateful, goBackwards, dropout, recurrentDropout,
            kernelInitializer, recurrentInitializer, biasInitializer, kernelRegularizer, recurrentRegularizer, biasRegularizer,
            activityRegularizer, kernelConstraint, recurrentConstraint, biasConstraint, unroll, implementation)
    {
    }

    /// <inheritdoc />
    public override string TypeName => "SimpleRNN";

    /// <inheritdoc />
    public override string NameStem => "simple_rnn";

    /// <summary>The layer's shape and activation, as the kernel sees them.</summary>
    public SimpleRnnSpec Spec => new(InputShape[^1], Units, Activation, UseBias);

    private protected override RecurrentKernel CreateKernel(int features) => new SimpleRnnKernel(new SimpleRnnSpec(features, Units, Activation, UseBias));
}
