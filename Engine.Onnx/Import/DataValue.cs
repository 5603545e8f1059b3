namespace LstmActors.Engine.Onnx.Import;

/// <summary>A value on the model's data path: what its axes stand for, and the layer whose output it still is (layout operators keep it).</summary>
internal sealed record DataValue(Axis[] Axes, LayerPlan? From);
