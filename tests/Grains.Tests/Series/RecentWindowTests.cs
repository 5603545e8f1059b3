using LstmActors.Grains.Series;

namespace LstmActors.Grains.Tests.Series;

public sealed class RecentWindowTests
{
    private static Tick At(long sequence) => new(sequence, DateTimeOffset.UnixEpoch, [sequence, 10 * sequence, 100 * sequence]);

    [Fact]
    public void Keeps_the_latest_ticks_oldest_first_with_their_predicted_features_and_predictions()
    {
        // Predicted features: the third and the first of three.
        var window = new RecentWindow(capacity: 3, predicted: [2, 0]);
        window.Add([At(0), At(1)], [0.5f, 0.25f, 1.5f, 1.25f]);
        window.Add([At(2), At(3)], [2.5f, 2.25f, 3.5f, 3.25f]);

        var history = window.Read("s", ["c", "a"]);

        Assert.Equal([1L, 2, 3], history.Sequences);
        Assert.Equal([100f, 1, 200, 2, 300, 3], history.Actual);
        Assert.Equal([1.5f, 1.25f, 2.5f, 2.25f, 3.5f, 3.25f], history.Predicted);
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
