using LstmActors.Grains.Forecasting;
using LstmActors.Grains.Models;

namespace LstmActors.Grains.Tests.Forecasting;

/// <summary>The inputs a series gives the network beside its scaled features (<see cref="Autoregression.WriteSeriesInputs"/>).</summary>
public sealed class SeriesInputsTests
{
    private const int Width = 1 * (1 + 2 * ModelDefinition.NetworkSeasons) + 2 * ModelDefinition.NetworkSeasons;

    /// <summary>Pushes <paramref name="values"/> at <paramref name="times"/> and predicts after each; returns the last tick's series inputs.</summary>
    private static float[] InputsAfter(Autoregression model, double[] values, Func<int, DateTimeOffset> times)
    {
        var predicted = new float[1];
        for (int t = 0; t < values.Length; t++)
        {
            if (t > 0) model.Learn([(float)(values[t] - values[t - 1])]);
            model.Push([values[t]], times(t));
            model.Predict([0f], [1f], predicted);
        }
        var inputs = new float[Width];
        model.WriteSeriesInputs(inputs);
        return inputs;
    }

    [Fact]
    public void The_last_change_and_the_changes_one_and_two_seasons_ago_come_from_the_series_own_values()
    {
        // A season of 4 given by the model; values t² make every change distinct (change into t is 2t − 1).
        var model = new Autoregression(new AutoregressionState(), 1, seasons: [4]);
        var values = Enumerable.Range(0, 12).Select(t => (double)(t * t) / 10).ToArray();

        var inputs = InputsAfter(model, values, _ => default);

        // Latest index 11, predicting index 12: the last change is into 11, the lags are the changes into 12 − 4 and 12 − 8.
        Assert.Equal(2.1f, inputs[0], 5);
        Assert.Equal(1.5f, inputs[1], 5);
        Assert.Equal(0.7f, inputs[2], 5);
        // No second season: its lags and phase stay 0.
        Assert.Equal([0f, 0f], inputs[3..5]);
        // Counted from the first tick: index 11 is phase 3/4 of a season of 4.
        Assert.Equal(-1f, inputs[5], 5);
        Assert.Equal(0f, inputs[6], 5);
        Assert.Equal([0f, 0f], inputs[7..9]);
    }

    [Fact]
    public void Calendar_seasons_take_their_phase_from_the_clock_so_series_that_start_at_other_times_agree()
    {
        // Half-hourly ticks: seasons of a day (48) and a week (336). One series starts at midnight, one at 04:30 on a Wednesday.
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero); // a Monday
        var early = new Autoregression(new AutoregressionState(), 1, seasons: null);
        var late = new Autoregression(new AutoregressionState(), 1, seasons: null);
        var lateStart = start.AddDays(2).AddHours(4.5);

        // Both end at 06:00 on Wednesday 2024-01-03.
        var end = start.AddDays(2).AddHours(6);
        int earlyTicks = (int)((end - start).TotalMinutes / 30) + 1, lateTicks = (int)((end - lateStart).TotalMinutes / 30) + 1;
        var a = InputsAfter(early, Enumerable.Range(0, earlyTicks).Select(t => Math.Sin(t)).ToArray(), t => start.AddMinutes(30 * t));
        var b = InputsAfter(late, Enumerable.Range(0, lateTicks).Select(t => Math.Sin(t)).ToArray(), t => lateStart.AddMinutes(30 * t));

        Assert.Equal([48, 336], early.State.Periods!);
        // 06:00 is a quarter through the day; Wednesday 06:00 is (2 + 0.25) / 7 through the week from Monday.
        double week = 2 * Math.PI * 2.25 / 7;
        float[] phases = [1f, 0f, (float)Math.Sin(week), (float)Math.Cos(week)];
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(phases[i], a[5 + i], 5);
            Assert.Equal(phases[i], b[5 + i], 5);
        }
    }

    [Fact]
    public void Monthly_ticks_take_the_time_of_year_and_a_forecast_moves_a_calendar_month_on()
    {
        var model = new Autoregression(new AutoregressionState(), 1, seasons: null);
        var start = new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var inputs = InputsAfter(model, Enumerable.Range(0, 30).Select(t => (double)t).ToArray(), t => start.AddMonths(t));

        // The 30th tick is 1 June 2003: 151 days into a 365-day year.
        double angle = 2 * Math.PI * 151 / 365;
        Assert.Equal((float)Math.Sin(angle), inputs[5], 5);
        Assert.Equal((float)Math.Cos(angle), inputs[6], 5);
        Assert.Equal(new DateTimeOffset(2003, 7, 1, 0, 0, 0, TimeSpan.Zero), model.NextTime());
    }

    [Fact]
    public void Changes_are_clipped_and_nothing_is_written_before_the_autoregression_predicts()
    {
        var model = new Autoregression(new AutoregressionState(), 1, seasons: []);
        Assert.All(InputsAfter(model, [0, 1], _ => default), v => Assert.Equal(0f, v));

        var inputs = InputsAfter(model, [5, 100], _ => default);

        Assert.Equal(Autoregression.InputClip, inputs[0]);
        Assert.All(inputs[1..], v => Assert.Equal(0f, v));
    }
}
