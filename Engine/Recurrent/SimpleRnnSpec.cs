using LstmActors.Engine.Activations;

namespace LstmActors.Engine.Recurrent;

/// <summary>The shape and activation of one SimpleRNN layer: h = activation(x·W + h·U + b).</summary>
/// <param name="InputSize">Features per timestep (F).</param>
/// <param name="Units">Hidden units (H).</param>
/// <param name="Activation">Activation of the new state (Keras "activation").</param>
/// <param name="UseBias">Whether a bias is added.</param>
public sealed record SimpleRnnSpec(int InputSize, int Units, Activation Activation = Activation.Tanh, bool UseBias = true);
