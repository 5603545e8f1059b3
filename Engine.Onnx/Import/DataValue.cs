namespace LstmActors.Engine.Onnx.Import;

/// <summary>
/// A value on the model's data path: what its axes stand for, the layer whose output it still is (layout operators keep
/// it), and whether its time axis was reversed (what a Keras goBackwards layer reads).
/// </summary>
internal sealed record DataValue(Axis[] Axes, LayerPlan? From, bool Reversed = false);
