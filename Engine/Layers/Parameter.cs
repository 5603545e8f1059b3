using LstmActors.Engine.Constraints;
using LstmActors.Engine.Regularizers;
using LstmActors.Engine.Tensors;

namespace LstmActors.Engine.Layers;

/// <summary>One trainable weight array of a layer (Keras "variable") and the gradient buffer that goes with it.</summary>
public sealed class Parameter
{
    /// <summary>Wraps existing arrays (shared, not copied); <paramref name="value"/> and <paramref name="gradient"/> must match the shape.</summary>
    public Parameter(string name, int[] shape, float[] value, float[] gradient)
    {
        int count = shape.Aggregate(1, (a, b) => a * b);
        if (value.Length != count || gradient.Length != count)
            throw new ArgumentException($"Parameter {name} of shape {Tensor.Format(shape)} needs {count} values, got {value.Length} and {gradient.Length}.");
        Name = name;
        Shape = shape;
        Value = value;
        Gradient = gradient;
    }

    /// <summary>A zero-filled parameter of the given shape.</summary>
    public Parameter(string name, params int[] shape)
        : this(name, shape, new float[shape.Aggregate(1, (a, b) => a * b)], new float[shape.Aggregate(1, (a, b) => a * b)])
    {
    }

    /// <summary>Keras weight name: kernel, recurrent_kernel or bias.</summary>
    public string Name { get; }

    /// <summary>Keras layout shape, e.g. (F, 4H) for an LSTM kernel.</summary>
    public int[] Shape { get; }

    /// <summary>The weights, row-major.</summary>
    public float[] Value { get; }

    /// <summary>The gradient of the loss with respect to <see cref="Value"/>, filled by a backward pass.</summary>
    public float[] Gradient { get; }

    /// <summary>Number of scalars.</summary>
    public int Count => Value.Length;

    /// <summary>Penalty the model adds to its loss for this weight (Keras kernel_regularizer …), or null.</summary>
    public Regularizer? Regularizer { get; init; }

    /// <summary>Projection the optimizer applies after each step (Keras kernel_constraint …), or null.</summary>
    public Constraint? Constraint { get; init; }
}
