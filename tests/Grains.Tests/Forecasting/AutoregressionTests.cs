using LstmActors.Grains.Forecasting;

namespace LstmActors.Grains.Tests.Forecasting;

public sealed class AutoregressionTests
{
    /// <summary>Monthly values of a trend plus a yearly wave.</summary>
    private static double Seasonal(int t) => 100 + 0.2 * t + 5 * Math.Sin(2 * Math.PI * t / 12);

    private static DateTimeOffset Month(int t) => new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(t);

    /// <summary>Feeds <paramref name="ticks"/> values; returns the last prediction's error in change units.</summary>
    private static double Run(Autoregression model, Func<int, double> value, Func<int, DateTimeOffset> time, int ticks, float scale = 1f)
    {
        var predicted = new float[1];
        double error = double.NaN;
        for (int t = 0; t < ticks; t++)
        {
            if (t > 0)
            {
                float change = (float)((value(t) - value(t - 1)) / scale);
                error = Math.Abs(change - predicted[0]);
                model.Learn([change]);
            }
            model.Push([value(t)], time(t));
            model.Predict([0f], [scale], predicted);
        }
        return error;
    }

    [Fact]
    public void Learns_a_trend_and_a_yearly_wave_from_monthly_ticks_through_its_seasonal_lags()
    {
        var model = new Autoregression(new AutoregressionState(), 1, seasons: null);

        double error = Run(model, Seasonal, Month, 240);

        Assert.Equal([12], model.State.Periods!);
        // The change a year ago at the same phase is this change: a linear model can learn it exactly, and after twenty
        // years it is within a few percent of a change.
        Assert.True(error < 0.1, $"error {error} of a change of order {5 * 2 * Math.PI / 12}");
    }

    [Fact]
    public void Without_seasons_the_same_wave_is_learnt_worse_so_the_lags_carry_it()
    {
        var seasonal = new Autoregression(new AutoregressionState(), 1, seasons: null);
        var plain = new Autoregression(new AutoregressionState(), 1, seasons: []);

        double withLags = Run(seasonal, Seasonal, Month, 240), without = Run(plain, Seasonal, Month, 240);

        Assert.Empty(plain.State.Periods!);
        Assert.True(withLags < without / 5, $"with lags {withLags}, without {without}");
    }

    [Fact]
    public void Seasons_of_the_model_win_over_the_ticks_spacing()
    {
        var model = new Autoregression(new AutoregressionState(), 1, seasons: [4]);
        Run(model, t => t % 4, Month, 3);
        Assert.Equal([4], model.State.Periods!);
    }

    [Fact]
    public void Predicts_no_change_until_two_changes_are_known_and_learns_nothing_it_did_not_predict()
    {
        var model = new Autoregression(new AutoregressionState(), 1, seasons: []);
        var predicted = new float[] { float.NaN };
        model.Push([1], default);
        model.Predict([0f], [1f], predicted);
        Assert.Equal(0f, predicted[0]);
        model.Learn([5f]);
        Assert.All(model.State.Weights, w => Assert.Equal(0, w));
    }

    [Fact]
    public void A_restored_state_predicts_what_the_live_one_does()
    {
        var live = new Autoregression(new AutoregressionState(), 1, seasons: null);
        Run(live, Seasonal, Month, 50);
        var restored = new Autoregression(live.State.Clone(), 1, seasons: null);
        float[] a = new float[1], b = new float[1];

        live.Push([Seasonal(50)], Month(50));
        restored.Push([Seasonal(50)], Month(50));
        live.Predict([0.3f], [1f], a);
        restored.Predict([0.3f], [1f], b);

        Assert.Equal(a, b);
    }
}
