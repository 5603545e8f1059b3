using System.Globalization;
using System.Text;

namespace LstmActors.Client.Tests;

/// <summary>Long-format CSVs: smooth, learnable series (sines with per-series phase, and a linked second feature), and random walks.</summary>
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

    /// <summary>
    /// <paramref name="series"/> random walks × <paramref name="ticks"/> rows from a fixed seed, grouped: a third with
    /// normal steps, a third with a drift, a third with heavy-tailed steps (normal over the square root of a uniform).
    /// </summary>
    public static string RandomWalks(int series, int ticks, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder("series,t,price\n");
        for (int s = 0; s < series; s++)
        {
            double price = 100;
            for (int t = 0; t < ticks; t++)
            {
                double normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                price += (s % 3) switch
                {
                    0 => normal,
                    1 => 0.1 + normal,
                    _ => normal / Math.Sqrt(Math.Max(0.05, random.NextDouble())),
                };
                text.Append(CultureInfo.InvariantCulture, $"rw{s},{t},{price:0.####}\n");
            }
        }
        return text.ToString();
    }

    /// <summary><paramref name="csv"/> with a column <paramref name="name"/> after 't' holding <paramref name="valueOf"/> each row's series.</summary>
    public static string WithColumn(string csv, string name, Func<string, string> valueOf)
    {
        var text = new StringBuilder();
        foreach (var line in csv.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var cells = line.Split(',').ToList();
            cells.Insert(2, text.Length == 0 ? name : valueOf(cells[0]));
            text.Append(string.Join(',', cells)).Append('\n');
        }
        return text.ToString();
    }
}
