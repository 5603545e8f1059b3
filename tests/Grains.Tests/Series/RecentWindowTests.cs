using LstmActors.Grains.Series;

namespace LstmActors.Grains.Tests.Series;

public sealed class RecentWindowTests
{
    private static Tick At(long sequence) => new(sequence, DateTimeOffset.UnixEpoch, [sequence, 10 * sequence, 100 * sequence]);

    [Fact]
    public void Keeps_the_latest_ticks_oldest_first_with_their_predicted_features_predictions_intervals_and_anomalies()
    {
        // Predicted features: the third and the first of three.
        var window = new RecentWindow(capacity: 3, predicted: [2, 0]);
        window.Add([At(0), At(1)], [0.5f, 0.25f, 1.5f, 1.25f], [0.4f, 0.2f, 1.4f, 1.2f], [0.6f, 0.3f, 1.6f, 1.3f], [false, true]);
        window.Add([At(2), At(3)], [2.5f, 2.25f, 3.5f, 3.25f], [2.4f, 2.2f, 3.4f, 3.2f], [2.6f, 2.3f, 3.6f, 3.3f], [false, true]);

        var history = window.Read("s", ["c", "a"]);

        Assert.Equal([1L, 2, 3], history.Sequences);
        Assert.Equal([100f, 1, 200, 2, 300, 3], history.Actual);
        Assert.Equal([1.5f, 1.25f, 2.5f, 2.25f, 3.5f, 3.25f], history.Predicted);
        Assert.Equal([1.4f, 1.2f, 2.4f, 2.2f, 3.4f, 3.2f], history.Lower!);
        Assert.Equal([1.6f, 1.3f, 2.6f, 2.3f, 3.6f, 3.3f], history.Upper!);
        Assert.Equal([true, false, true], history.Anomalies!);
        Assert.Equal(["c", "a"], history.Features);
    }

    [Fact]
    public void Is_empty_before_any_tick()
    {
        var history = new RecentWindow(capacity: 4, predicted: [0]).Read("s", ["x"]);
        Assert.Empty(history.Sequences);
        Assert.Empty(history.Actual);
    }
}
