using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace LstmActors.Client.Live;

/// <summary>
/// Shows a run while it works: on a terminal a table redrawn in place (ticks/s, latency, model versions and losses,
/// online error against naive per kind); otherwise one plain line every few seconds, so logs and pipes stay readable.
/// </summary>
internal static class LiveView
{
    private static readonly TimeSpan TerminalRefresh = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PlainRefresh = TimeSpan.FromSeconds(5);

    /// <summary>Shows frames from <paramref name="read"/> until <paramref name="work"/> ends, then awaits it.</summary>
    public static async Task RunAsync(CliConsole console, Task work, Func<Task<LiveFrame>> read)
    {
        var rate = new RateMeter();
        if (console.IsInteractive)
        {
            await console.Ansi.Live(new Text("starting…")).AutoClear(false).StartAsync(async context =>
            {
                while (!work.IsCompleted)
                {
                    await Task.WhenAny(work, Task.Delay(TerminalRefresh));
                    if (work.IsFaulted) break;
                    var frame = await read();
                    context.UpdateTarget(Render(frame, rate.Update(frame)));
                }
            });
        }
        else
        {
            while (!work.IsCompleted)
            {
                await Task.WhenAny(work, Task.Delay(PlainRefresh));
                if (work.IsCompleted) break;
                var frame = await read();
                console.WriteLine(Line(frame, rate.Update(frame)));
            }
        }
        await work;
    }

    /// <summary>The frame as a table (also used for the final summary).</summary>
    public static IRenderable Render(LiveFrame frame, double ticksPerSecond)
    {
        var progress = frame.TotalTicks > 0 ? $"{frame.Ticks:N0} / {frame.TotalTicks:N0} ticks" : $"{frame.Ticks:N0} ticks";
        var header = new Markup(
            $"[bold]{progress}[/]  {ticksPerSecond:N0} ticks/s  latency p50 {Ms(frame.P50)} ms, p99 {Ms(frame.P99)} ms  ({frame.Elapsed.TotalSeconds:0.0} s)");
        return new Rows(header, ModelTable(frame.Models, wholeRun: false));
    }

    /// <summary>
    /// Per kind: series, ticks, version, latest loss, online error against naive over the recent ticks and their ratio,
    /// and with <paramref name="wholeRun"/> the same errors over the whole run (kept out of the live view to fit 80 columns).
    /// </summary>
    public static Table ModelTable(IReadOnlyList<ModelReading> models, bool wholeRun)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("kind", "series", "ticks", "version", "loss", "error", "naive", "ratio");
        if (wholeRun) table.AddColumns("error, all", "naive, all");
        foreach (var column in table.Columns.Skip(1)) column.RightAligned();
        foreach (var m in models)
        {
            var ratio = m.RecentRatio;
            var ratioText = double.IsNaN(ratio) ? "-" : $"[{(ratio < 1 ? "green" : "red")}]{ratio:0.000}[/]";
            List<string> cells =
            [
                Markup.Escape(m.Model), m.Series.ToString(CultureInfo.InvariantCulture), m.Ticks.ToString("N0", CultureInfo.InvariantCulture),
                m.Version.ToString(CultureInfo.InvariantCulture), m.Loss is float loss ? loss.ToString("0.0000", CultureInfo.InvariantCulture) : "-",
                Figure(m.RecentError), Figure(m.RecentNaiveError), ratioText,
            ];
            if (wholeRun) cells.AddRange([Figure(m.Error), Figure(m.NaiveError)]);
            table.AddRow(cells.ToArray());
        }
        return table;
    }

    /// <summary>The frame as one plain line.</summary>
    public static string Line(LiveFrame frame, double ticksPerSecond)
    {
        var models = string.Join("; ", frame.Models.Select(m =>
            $"{m.Model} v{m.Version} loss {(m.Loss is float l ? l.ToString("0.0000", CultureInfo.InvariantCulture) : "-")} error/naive {Figure(m.RecentRatio)}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"{frame.Elapsed.TotalSeconds,6:0.0} s  {frame.Ticks,9:N0} ticks  {ticksPerSecond,8:N0} ticks/s  p50 {Ms(frame.P50)} ms  p99 {Ms(frame.P99)} ms  {models}");
    }

    private static string Ms(TimeSpan latency) => latency.TotalMilliseconds.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Figure(double value) => double.IsNaN(value) ? "-" : value.ToString("0.0000", CultureInfo.InvariantCulture);

    /// <summary>Ticks per second between consecutive frames.</summary>
    private sealed class RateMeter
    {
        private TimeSpan _lastTime;
        private long _lastTicks;

        public double Update(LiveFrame frame)
        {
            var seconds = (frame.Elapsed - _lastTime).TotalSeconds;
            var rate = seconds > 0 ? (frame.Ticks - _lastTicks) / seconds : 0;
            _lastTime = frame.Elapsed;
            _lastTicks = frame.Ticks;
            return rate;
        }
    }
}
