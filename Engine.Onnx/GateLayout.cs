namespace LstmActors.Engine.Onnx;

/// <summary>
/// How a recurrent layer's gates are ordered in Keras' (rows, gates·H) kernels and in ONNX's (gates·H, rows) W and R,
/// and how Keras' bias (one row, or GRU resetAfter's input and recurrent rows) maps onto ONNX's input and recurrent biases (Wb, Rb).
/// </summary>
internal sealed class GateLayout
{
    /// <summary>LSTM: Keras i, f, c, o; ONNX i, o, f, c.</summary>
    public static readonly GateLayout Lstm = new([0, 3, 1, 2]);

    /// <summary>GRU: z, r, h in both.</summary>
    public static readonly GateLayout Gru = new([0, 1, 2]);

    /// <summary>SimpleRNN: one gate.</summary>
    public static readonly GateLayout Rnn = new([0]);

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

    /// <summary>
    /// Keras bias → ONNX B = [Wb, Rb] (2·gates·H): one row (gates·H) goes whole into Wb with Rb zero, two rows (GRU resetAfter) are Wb and Rb.
    /// </summary>
    public float[] BiasToOnnx(ReadOnlySpan<float> keras, int units)
    {
        int width = Gates * units;
        var onnx = new float[2 * width];
        for (int row = 0; row * width < keras.Length; row++)
            for (int g = 0; g < Gates; g++)
                keras.Slice(row * width + _kerasGateOfOnnxGate[g] * units, units).CopyTo(onnx.AsSpan(row * width + g * units, units));
        return onnx;
    }

    /// <summary>
    /// ONNX B = [Wb, Rb] → Keras bias: the two rows as they are when the recurrent bias sits inside the reset gate's product
    /// (<paramref name="separateRows"/>, GRU resetAfter), else Wb + Rb, which is what the gates add up.
    /// </summary>
    public float[] BiasToKeras(ReadOnlySpan<float> onnx, int units, bool separateRows)
    {
        int width = Gates * units;
        var keras = new float[separateRows ? 2 * width : width];
        for (int row = 0; row < 2; row++)
        {
            int offset = separateRows ? row * width : 0;
            for (int g = 0; g < Gates; g++)
                for (int j = 0; j < units; j++)
                    keras[offset + _kerasGateOfOnnxGate[g] * units + j] += onnx[row * width + g * units + j];
        }
        return keras;
    }
}
