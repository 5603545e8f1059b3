using LstmActors.Grains.Series;

namespace LstmActors.Client.Streaming;

/// <summary>A tick on its way to its series grain: its row number in the stream, the series and its model, its time as written, the tick, and the file and line it came from (for messages).</summary>
internal readonly record struct StreamedTick(long Row, string Series, string Model, string Time, Tick Tick, string Source, int Line)
{
    /// <summary>Where the tick came from, as messages name it.</summary>
    public string Origin => $"{Source}, line {Line}";
}

/// <summary>
/// What a series grain answered to one tick: the prediction of the next value and its 80% interval (empty for a
/// duplicate already answered), the weights version, and whether the tick was an anomaly (outside the interval
/// predicted for it at the silo's anomaly level).
/// </summary>
internal readonly record struct TickOutcome(StreamedTick Tick, float[] Prediction, bool Duplicate, int ModelVersion, float[] Lower, float[] Upper, bool Anomaly)
{
    /// <summary>The outcome of each tick of <paramref name="block"/> from the series' answer to it (leading duplicates first).</summary>
    public static void OfBlock(ReadOnlySpan<StreamedTick> block, PredictionBlock answer, Action<TickOutcome> deliver)
    {
        var width = answer.Count == 0 ? 0 : answer.Values.Length / answer.Count;
        for (var i = 0; i < block.Length; i++)
        {
            var applied = i - answer.Duplicates;
            float[] Row(float[]? all) => applied >= 0 && all is { Length: > 0 } ? all.AsSpan(applied * width, width).ToArray() : [];
            deliver(new TickOutcome(block[i], Row(answer.Values), applied < 0, answer.ModelVersion, Row(answer.Lower), Row(answer.Upper),
                applied >= 0 && answer.Anomalies is { } anomalies && anomalies[applied]));
        }
    }
}
