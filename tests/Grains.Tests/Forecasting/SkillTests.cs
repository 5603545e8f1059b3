using LstmActors.Grains.Forecasting;

namespace LstmActors.Grains.Tests.Forecasting;

public sealed class SkillTests
{
    /// <summary>Feeds (predicted, outcome) pairs for feature 0 of a one-feature state.</summary>
    private static void Feed(float[] state, IEnumerable<(float Predicted, float Outcome)> pairs)
    {
        foreach (var (predicted, outcome) in pairs) Skill.Learn(state, 0, predicted, outcome);
    }

    private static IEnumerable<float> Normal(int seed, int count)
    {
        var random = new Random(seed);
        for (int i = 0; i < count; i++) yield return (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
    }

    [Fact]
    public void Trusts_a_new_series_fully()
    {
        Assert.Equal(1f, Skill.Weight(new float[Skill.StateLength], 0));
    }

    [Fact]
    public void Keeps_full_weight_for_predictions_that_come_true_within_noise()
    {
        var state = new float[Skill.StateLength];
        var predicted = Normal(1, 200).Select(p => 2 * p).ToArray();
        Feed(state, predicted.Zip(Normal(2, 200), (p, noise) => (p, p + 0.3f * noise)));

        Assert.True(Skill.Weight(state, 0) > 0.85f, $"weight {Skill.Weight(state, 0)}");
    }

    [Fact]
    public void Shrinks_toward_no_change_when_the_predictions_are_unrelated_to_what_comes()
    {
        var state = new float[Skill.StateLength];
        Feed(state, Normal(3, 200).Select(p => 2 * p).Zip(Normal(4, 200)));

        Assert.True(Skill.Weight(state, 0) < 0.35f, $"weight {Skill.Weight(state, 0)}");
    }

    [Fact]
    public void Predictions_that_point_the_wrong_way_get_no_weight()
    {
        var state = new float[Skill.StateLength];
        Feed(state, Enumerable.Repeat((1.5f, -1f), 10));

        Assert.Equal(0f, Skill.Weight(state, 0));
    }

    [Fact]
    public void Recovers_its_trust_soon_after_a_run_of_wrong_predictions()
    {
        var state = new float[Skill.StateLength];
        Feed(state, Enumerable.Repeat((3f, -2f), 20));
        Assert.Equal(0f, Skill.Weight(state, 0));

        // Fifty good outcomes: four years of a monthly series, a day of a half-hourly one.
        Feed(state, Normal(5, 50).Select(p => (p, p)));

        Assert.True(Skill.Weight(state, 0) > 0.9f, $"weight {Skill.Weight(state, 0)}");
    }

    [Fact]
    public void Each_feature_has_its_own_weight()
    {
        var state = new float[2 * Skill.StateLength];
        for (int i = 0; i < 10; i++)
        {
            Skill.Learn(state, 0, 1f, 1f);
            Skill.Learn(state, 1, 1f, -1f);
        }

        Assert.Equal(1f, Skill.Weight(state, 0));
        Assert.Equal(0f, Skill.Weight(state, 1));
    }
}
