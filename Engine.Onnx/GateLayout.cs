namespace LstmActors.Engine.Onnx;

/// <summary>
/// How a recurrent layer's gates are ordered in Keras' (rows, gates·H) kernels and in ONNX's (gates·H, rows) W and R,
/// and how Keras' single bias maps onto ONNX's input and recurrent biases (Wb, Rb).
/// </summary>
internal sealed class GateLayout
{
    /// <summary>LSTM: Keras i, f, c, o; ONNX i, o, f, c.</summary>
    public static readonly GateLayout Lstm = new([0, 3, 1, 2]);

    private readonly int[] _kerasGateOfOnnxGate;

    /// <summary>A layout where ONNX gate g is Keras gate <paramref name="kerasGateOfOnnxGate"/>[g].</summary>
    public GateLayout(int[] kerasGateOfOnnxGate) => _kerasGateOfOnnxGate = kerasGateOfOnnxGate;

    /// <summary>Number of gates.</summary>
    public int Gates => _kerasGateOfOnnxGate.Length;

    /// <summary>Keras kernel (rows, gates·H) → ONNX (gates·H, rows): transposed, gates reordered.</summary>
    public float[] ToOnnx(ReadOnlySpan<float> keras, int rows, int units)
    {
        int width = Gates * units;
        var onnx = new float[keras.Length];
        for (int g = 0; g < Gates; g++)
            for (int j = 0; j < units; j++)
                for (int r = 0; r < rows; r++)
                    onnx[(g * units + j) * rows + r] = keras[r * width + _kerasGateOfOnnxGate[g] * units + j];
        return onnx;
    }

    /// <summary>ONNX (gates·H, rows) → Keras kernel (rows, gates·H).</summary>
    public float[] ToKeras(ReadOnlySpan<float> onnx, int rows, int units)
    {
        int width = Gates * units;
        var keras = new float[onnx.Length];
        for (int g = 0; g < Gates; g++)
            for (int j = 0; j < units; j++)
                for (int r = 0; r < rows; r++)
                    keras[r * width + _kerasGateOfOnnxGate[g] * units + j] = onnx[(g * units + j) * rows + r];
        return keras;
    }

    /// <summary>Keras bias (gates·H) → ONNX B = [Wb, Rb] (2·gates·H) with the whole bias in Wb and Rb zero.</summary>
    public float[] BiasToOnnx(ReadOnlySpan<float> keras, int units)
    {
        var onnx = new float[2 * keras.Length];
        for (int g = 0; g < Gates; g++)
            keras.Slice(_kerasGateOfOnnxGate[g] * units, units).CopyTo(onnx.AsSpan(g * units, units));
        return onnx;
    }

    /// <summary>ONNX B = [Wb, Rb] → Keras bias Wb + Rb, which is what the gates add up either way.</summary>
    public float[] BiasToKeras(ReadOnlySpan<float> onnx, int units)
    {
        int width = Gates * units;
        var keras = new float[width];
        for (int g = 0; g < Gates; g++)
            for (int j = 0; j < units; j++)
                keras[_kerasGateOfOnnxGate[g] * units + j] = onnx[g * units + j] + onnx[width + g * units + j];
        return keras;
    }
}
