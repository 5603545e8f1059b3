using LstmActors.Engine.Tensors;

namespace LstmActors.Engine.Serialization;

/// <summary>One named array read from or written to a NumPy .npy / .npz file, held as float32, C order.</summary>
public sealed record NpyArray(string Name, int[] Shape, float[] Data)
{
    /// <summary>The shape as text, e.g. "(1, 40)".</summary>
    public string ShapeText => Tensor.Format(Shape);
}
