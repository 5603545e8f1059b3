namespace LstmActors.Engine.Recurrent;

/// <summary>LSTM weights in Keras layout (gate order i, f, c, o); also the container gradients accumulate into.</summary>
public sealed class LstmWeights
{
    /// <summary>Zeroed weights for the given input size and units.</summary>
    public LstmWeights(int inputSize, int units)
    {
        if (inputSize <= 0) throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, "LSTM input size must be positive.");
        if (units <= 0) throw new ArgumentOutOfRangeException(nameof(units), units, "LSTM units must be positive.");
        InputSize = inputSize;
        Units = units;
        Kernel = new float[inputSize * 4 * units];
        RecurrentKernel = new float[units * 4 * units];
        Bias = new float[4 * units];
    }

    /// <summary>Features per timestep (F).</summary>
    public int InputSize { get; }

    /// <summary>Hidden units (H).</summary>
    public int Units { get; }

    /// <summary>Input kernel (F, 4H), row-major.</summary>
    public float[] Kernel { get; }

    /// <summary>Recurrent kernel (H, 4H), row-major.</summary>
    public float[] RecurrentKernel { get; }

    /// <summary>Bias (4H).</summary>
    public float[] Bias { get; }

    /// <summary>Sets every weight to zero (used to reset a gradient accumulator).</summary>
    public void Clear()
    {
        Array.Clear(Kernel);
        Array.Clear(RecurrentKernel);
        Array.Clear(Bias);
    }

    /// <summary>A deep copy.</summary>
    public LstmWeights Clone()
    {
        var copy = new LstmWeights(InputSize, Units);
        Kernel.CopyTo(copy.Kernel, 0);
        RecurrentKernel.CopyTo(copy.RecurrentKernel, 0);
        Bias.CopyTo(copy.Bias, 0);
        return copy;
    }
}
