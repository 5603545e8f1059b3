using LstmActors.Engine.Layers;

namespace LstmActors.Engine.Onnx.Export;

/// <summary>
/// One call of a layer as the export writes it: <see cref="Name"/> is unique in the graph and stems its nodes and state
/// values ("lstm", "lstm/call_1", "encoder/lstm"); <see cref="WeightName"/> stems its weights, which every call shares.
/// </summary>
/// <param name="Layer">The layer called.</param>
/// <param name="Name">The call's name.</param>
/// <param name="WeightName">The layer's name with the nested models it sits in ("encoder/lstm").</param>
/// <param name="Inputs">The values read, batch first (a recurrent layer's initial states follow its input).</param>
/// <param name="InputShapes">Their per-sample shapes (no batch).</param>
internal sealed record LayerCall(Layer Layer, string Name, string WeightName, string[] Inputs, int[][] InputShapes);
