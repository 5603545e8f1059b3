using LstmActors.Engine.Activations;

namespace LstmActors.Engine.Recurrent;

/// <summary>The shape and activations of one GRU layer.</summary>
/// <param name="InputSize">Features per timestep (F).</param>
/// <param name="Units">Hidden units (H).</param>
/// <param name="Activation">Activation of the candidate state (Keras "activation").</param>
/// <param name="RecurrentActivation">Activation of the update and reset gates (Keras "recurrent_activation").</param>
/// <param name="UseBias">Whether the gates add a bias.</param>
/// <param name="ResetAfter">Apply the reset gate after the recurrent product (Keras 2/3 and PyTorch) rather than before it.</param>
public sealed record GruSpec(
    int InputSize,
    int Units,
    Activation Activation = Activation.Tanh,
    Activation RecurrentActivation = Activation.Sigmoid,
    bool UseBias = true,
    bool ResetAfter = true);
