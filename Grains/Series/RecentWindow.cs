namespace LstmActors.Grains.Series;

/// <summary>
/// A series' latest ticks for charts, in memory only (a reactivated series starts it anew): per tick its sequence
/// number, the actual values of the predicted features, the prediction made on it with its 80% interval, and whether it
/// was an anomaly. A ring allocated once, so
/// recording a tick allocates nothing.
/// </summary>
internal sealed class RecentWindow(int capacity, int[] predicted)
{
    /// <summary>Ticks a series keeps for its chart.</summary>
    public const int DefaultCapacity = 200;

    private readonly long[] _sequences = new long[capacity];
    private readonly float[] _actual = new float[capacity * predicted.Length];
    private readonly float[] _predictions = new float[capacity * predicted.Length];
    private readonly float[] _lower = new float[capacity * predicted.Length];
    private readonly float[] _upper = new float[capacity * predicted.Length];
    private readonly bool[] _anomalies = new bool[capacity];
    private int _count, _next;

    /// <summary>Records each tick of <paramref name="block"/> with its prediction row of <paramref name="values"/> (rows of the predicted features), interval and anomaly flag.</summary>
    public void Add(ReadOnlySpan<Tick> block, float[] values, float[] lower, float[] upper, bool[] anomalies)
    {
        int p = predicted.Length;
        for (int k = 0; k < block.Length; k++)
        {
            _sequences[_next] = block[k].Sequence;
            for (int i = 0; i < p; i++) _actual[_next * p + i] = block[k].Features[predicted[i]];
            values.AsSpan(k * p, p).CopyTo(_predictions.AsSpan(_next * p, p));
            lower.AsSpan(k * p, p).CopyTo(_lower.AsSpan(_next * p, p));
            upper.AsSpan(k * p, p).CopyTo(_upper.AsSpan(_next * p, p));
            _anomalies[_next] = anomalies[k];
            _next = (_next + 1) % capacity;
            _count = Math.Min(_count + 1, capacity);
        }
    }

    /// <summary>The window, oldest tick first.</summary>
    public SeriesHistory Read(string seriesId, string[] features)
    {
        int p = predicted.Length, first = (_next - _count + capacity) % capacity;
        var sequences = new long[_count];
        var actual = new float[_count * p];
        var predictions = new float[_count * p];
        var lower = new float[_count * p];
        var upper = new float[_count * p];
        var anomalies = new bool[_count];
        for (int k = 0; k < _count; k++)
        {
            int slot = (first + k) % capacity;
            sequences[k] = _sequences[slot];
            _actual.AsSpan(slot * p, p).CopyTo(actual.AsSpan(k * p, p));
            _predictions.AsSpan(slot * p, p).CopyTo(predictions.AsSpan(k * p, p));
            _lower.AsSpan(slot * p, p).CopyTo(lower.AsSpan(k * p, p));
            _upper.AsSpan(slot * p, p).CopyTo(upper.AsSpan(k * p, p));
            anomalies[k] = _anomalies[slot];
        }
        return new SeriesHistory(seriesId, features, sequences, actual, predictions, lower, upper, anomalies);
    }
}
