namespace LstmActors.Engine.Onnx.Import;

/// <summary>
/// Recurrent layers' final states: one layer's (directions, batch, units), PyTorch's stack of them (layers, batch, units),
/// or one layer's (batch, units) once <see cref="Picked"/>. <see cref="Hidden"/> tells h (also the last output) from c.
/// </summary>
/// A bidirectional layer appears once per direction in <see cref="Layers"/>, as ONNX stacks its states.
internal sealed record StateValue(RecurrentPlan[] Layers, bool Hidden, bool Picked);
