namespace LstmActors.Engine.Recurrent;

/// <summary>
/// Recurrent weights in Keras layout: kernel (F, G), recurrent kernel (H, G), bias (biasRows, G) with G = gates·H
/// (LSTM: gates i, f, c, o; GRU: gates z, r, h and with resetAfter an input bias row and a recurrent bias row). Also the container gradients accumulate into.
/// </summary>
public class RecurrentWeights
{
    /// <summary>Zeroed weights for the given input size, units, number of gates and bias rows.</summary>
    public RecurrentWeights(int inputSize, int units, int gates, int biasRows)
    {
        if (inputSize <= 0) throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, "Input size must be positive.");
        if (units <= 0) throw new ArgumentOutOfRangeException(nameof(units), units, "Units must be positive.");
        if (gates <= 0) throw new ArgumentOutOfRangeException(nameof(gates), gates, "Gates must be positive.");
        if (biasRows is < 1 or > 2) throw new ArgumentOutOfRangeException(nameof(biasRows), biasRows, "Bias rows must be 1 or 2.");
        InputSize = inputSize;
        Units = units;
        Gates = gates;
        BiasRows = biasRows;
        Kernel = new float[inputSize * gates * units];
        RecurrentKernel = new float[units * gates * units];
        Bias = new float[biasRows * gates * units];
    }

    /// <summary>Features per timestep (F).</summary>
    public int InputSize { get; }

    /// <summary>Hidden units (H).</summary>
    public int Units { get; }

    /// <summary>Gates per unit (LSTM 4, GRU 3, SimpleRNN 1).</summary>
    public int Gates { get; }

    /// <summary>1, or 2 when the recurrent product has its own bias (GRU resetAfter).</summary>
    public int BiasRows { get; }

    /// <summary>Input kernel (F, G), row-major.</summary>
    public float[] Kernel { get; }

    /// <summary>Recurrent kernel (H, G), row-major.</summary>
    public float[] RecurrentKernel { get; }

    /// <summary>Bias (biasRows, G): the input bias, then the recurrent bias when there are two rows.</summary>
    public float[] Bias { get; }

    /// <summary>Sets every weight to zero (used to reset a gradient accumulator).</summary>
    public void Clear()
    {
        Array.Clear(Kernel);
        Array.Clear(RecurrentKernel);
        Array.Clear(Bias);
    }
}
