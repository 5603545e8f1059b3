using LstmActors.Engine.Activations;
using LstmActors.Engine.Constraints;
using LstmActors.Engine.Initializers;
using LstmActors.Engine.Recurrent;
using LstmActors.Engine.Regularizers;

namespace LstmActors.Engine.Layers;

/// <summary>
/// Keras <c>GRU</c> over (batch, timesteps, features), Keras 2/3 defaults (resetAfter, tanh, sigmoid). Weights in Keras layout,
/// gates z, r, h: kernel (F, 3H), recurrent kernel (H, 3H), bias (2, 3H) with resetAfter (input bias row, recurrent bias row), else (3H);
/// the bias initializer fills the whole (2, 3H) as Keras does.
/// The math runs in <see cref="GruKernel"/> from an explicit <see cref="HiddenCarry"/>.
/// </summary>
public sealed class Gru : SingleStateRnn
{
    /// <summary>Creates the layer with activations given by Keras name ("tanh", "sigmoid", "hard_sigmoid", "relu", "linear").</summary>
    public Gru(int units, string activation = "tanh", string recurrentActivation = "sigmoid", bool useBias = true,
        bool returnSequences = false, bool returnState = false, bool stateful = false, bool goBackwards = false,
        float dropout = 0f, float recurrentDropout = 0f, bool resetAfter = true,
        Initializer? kernelInitializer = null, Initializer? recurrentInitializer = null, Initializer? biasInitializer = null,
        Regularizer? kernelRegularizer = null, Regularizer? recurrentRegularizer = null, Regularizer? biasRegularizer = null,
        Regularizer? activityRegularizer = null, Constraint? kernelConstraint = null, Constraint? recurrentConstraint = null,
        Constraint? biasConstraint = null, bool unroll = false, int implementation = 2)
        : this(units, ActivationFunctions.Parse(activation), ActivationFunctions.Parse(recurrentActivation), useBias,
            returnSequences, returnState, stateful, goBackwards, dropout, recurrentDropout, resetAfter,
            kernelInitializer, recurrentInitializer, biasInitializer, kernelRegularizer, recurrentRegularizer, biasRegularizer,
            activityRegularizer, kernelConstraint, recurrentConstraint, biasConstraint, unroll, implementation)
    {
    }

    /// <summary>Creates the layer with activations given as the enum.</summary>
    public Gru(int units, Activation activation, Activation recurrentActivation = Activation.Sigmoid, bool useBias = true,
        bool returnSequences = false, bool returnState = false, bool stateful = false, bool goBackwards = false,
        float dropout = 0f, float recurrentDropout = 0f, bool resetAfter = true,
        Initializer? kernelInitializer = null, Initializer? recurrentInitializer = null, Initializer? biasInitializer = null,
        Regularizer? kernelRegularizer = null, Regularizer? recurrentRegularizer = null, Regularizer? biasRegularizer = null,
        Regularizer? activityRegularizer = null, Constraint? kernelConstraint = null, Constraint? recurrentConstraint = null,
        Constraint? biasConstraint = null, bool unroll = false, int implementation = 2)
        : base("GRU", units, activation, useBias, returnSequences, returnState, stateful, goBackwards, dropout, recurrentDropout,
            kernelInitializer, recurrentInitializer, biasInitializer, kernelRegularizer, recurrentRegularizer, biasRegularizer,
            activityRegularizer, kernelConstraint, recurrentConstraint, biasConstraint, unroll, implementation)
    {
        RequireElementWise("GRU", recurrentActivation, nameof(recurrentActivation));
        RecurrentActivation = recurrentActivation;
        ResetAfter = resetAfter;
    }

    /// <summary>Activation of the update and reset gates.</summary>
    public Activation RecurrentActivation { get; }

    /// <summary>Apply the reset gate after the recurrent product (Keras 2/3 default, cuDNN and PyTorch) rather than before.</summary>
    public bool ResetAfter { get; }

    /// <inheritdoc />
    public override string TypeName => "GRU";

    /// <inheritdoc />
    public override string NameStem => "gru";

    /// <summary>The layer's shape and activations, as the kernel sees them.</summary>
    public GruSpec Spec => new(InputShape[^1], Units, Activation, RecurrentActivation, UseBias, ResetAfter);

    private protected override RecurrentKernel CreateKernel(int features) =>
        new GruKernel(new GruSpec(features, Units, Activation, RecurrentActivation, UseBias, ResetAfter));
}
