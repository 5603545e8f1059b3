using System.Globalization;
using System.Text;

namespace LstmActors.Client.Tests;

/// <summary>Long-format CSVs of smooth, learnable series (sines with per-series phase, and a linked second feature).</summary>
internal static class SampleCsv
{
    /// <summary><paramref name="series"/> series × <paramref name="ticks"/> rows, interleaved (t-major) or grouped (series-major).</summary>
    public static string Waves(int series, int ticks, bool interleaved, int phaseSeed = 0)
    {
        var text = new StringBuilder("series,t,level,flow\n");
        IEnumerable<(int S, int T)> order = interleaved
            ? Enumerable.Range(0, ticks).SelectMany(t => Enumerable.Range(0, series).Select(s => (s, t)))
            : Enumerable.Range(0, series).SelectMany(s => Enumerable.Range(0, ticks).Select(t => (s, t)));
        foreach (var (s, t) in order)
        {
            var phase = 0.7 * (s + phaseSeed);
            var amplitude = 1 + 0.25 * (s % 4);
            var level = 10 + amplitude * Math.Sin(0.25 * t + phase);
            var flow = amplitude * Math.Cos(0.25 * t + phase);
            text.Append(CultureInfo.InvariantCulture, $"w{s},{t},{level:0.#####},{flow:0.#####}\n");
        }
        return text.ToString();
    }
}
