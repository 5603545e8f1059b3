using LstmActors.Engine.Activations;

namespace LstmActors.Engine.Recurrent;

/// <summary>The shape and activations of one LSTM layer: input features, units, cell/output activation, gate activation, bias on or off.</summary>
/// <param name="InputSize">Features per timestep (F).</param>
/// <param name="Units">Hidden units (H).</param>
/// <param name="Activation">Activation of the candidate cell and of the cell state on output (Keras "activation").</param>
/// <param name="RecurrentActivation">Activation of the input, forget and output gates (Keras "recurrent_activation").</param>
/// <param name="UseBias">Whether the gates add a bias.</param>
public sealed record LstmSpec(
    int InputSize,
    int Units,
    Activation Activation = Activation.Tanh,
    Activation RecurrentActivation = Activation.Sigmoid,
    bool UseBias = true);
