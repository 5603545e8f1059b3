namespace LstmActors.Engine.Onnx.Import;

/// <summary>
/// Recurrent layers' final states: one layer's (directions, batch, units), PyTorch's stack of them (layers, batch, units),
/// or one layer's (batch, units) once <see cref="Picked"/>. <see cref="Hidden"/> tells h (also the last output) from c.
/// </summary>
internal sealed record StateValue(RecurrentPlan[] Layers, bool Hidden, bool Picked);
