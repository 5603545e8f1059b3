namespace LstmActors.Engine.Onnx.Import;

/// <summary>
/// Recurrent layers' final states: one layer's (directions, batch, units), PyTorch's stack of them (layers, batch, units),
/// or one row (batch, units) once <see cref="Picked"/>. <see cref="Hidden"/> tells h (also the last output) from c.
/// A bidirectional layer appears once per direction in <see cref="Layers"/>, as ONNX stacks its states; a picked row
/// of one is its forward (<see cref="Direction"/> 0) or backward (1) state.
/// </summary>
internal sealed record StateValue(RecurrentPlan[] Layers, bool Hidden, bool Picked, int Direction = 0);
