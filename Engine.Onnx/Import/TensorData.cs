using System.Runtime.InteropServices;
using Onnx;

namespace LstmActors.Engine.Onnx.Import;

/// <summary>Reads the numbers of an ONNX tensor (weights, constants) whichever field holds them.</summary>
internal static class TensorData
{
    /// <summary>The values as float32 (from float, double, int32 or int64 data).</summary>
    public static float[] Floats(TensorProto tensor) => (TensorProto.Types.DataType)tensor.DataType switch
    {
        TensorProto.Types.DataType.Float => tensor.RawData.Length > 0 ? MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray() : tensor.FloatData.ToArray(),
        TensorProto.Types.DataType.Double => (tensor.RawData.Length > 0 ? MemoryMarshal.Cast<byte, double>(tensor.RawData.Span).ToArray() : tensor.DoubleData.ToArray())
            .Select(d => (float)d).ToArray(),
        TensorProto.Types.DataType.Int64 or TensorProto.Types.DataType.Int32 => Longs(tensor).Select(l => (float)l).ToArray(),
        _ => throw Unreadable(tensor),
    };

    /// <summary>The values as int64 (from int64 or int32 data); axes, indices and shapes.</summary>
    public static long[] Longs(TensorProto tensor) => (TensorProto.Types.DataType)tensor.DataType switch
    {
        TensorProto.Types.DataType.Int64 => tensor.RawData.Length > 0 ? MemoryMarshal.Cast<byte, long>(tensor.RawData.Span).ToArray() : tensor.Int64Data.ToArray(),
        TensorProto.Types.DataType.Int32 => tensor.RawData.Length > 0
            ? MemoryMarshal.Cast<byte, int>(tensor.RawData.Span).ToArray().Select(i => (long)i).ToArray()
            : tensor.Int32Data.Select(i => (long)i).ToArray(),
        _ => throw Unreadable(tensor),
    };

    private static NotSupportedException Unreadable(TensorProto tensor) =>
        new($"ONNX tensor '{tensor.Name}' has data type {(TensorProto.Types.DataType)tensor.DataType}; the import reads float, double, int32 and int64.");
}
