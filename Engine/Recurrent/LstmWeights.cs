namespace LstmActors.Engine.Recurrent;

/// <summary>LSTM weights in Keras layout (gate order i, f, c, o): kernel (F, 4H), recurrent kernel (H, 4H), bias (4H); also the container gradients accumulate into.</summary>
public sealed class LstmWeights : RecurrentWeights
{
    /// <summary>Zeroed weights for the given input size and units.</summary>
    public LstmWeights(int inputSize, int units)
        : base(inputSize, units, 4, 1)
    {
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
