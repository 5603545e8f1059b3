namespace LstmActors.Grains.Forecasting;

/// <summary>
/// How much of a series' predicted change to trust (its shrink toward "no change"): per predicted feature, the weight
/// w in [0, 1] that would have minimised the recent squared errors of w × prediction, learnt online with forgetting.
/// Where the predictions carry skill w stays near 1; where they are noise (a random walk) or have gone wrong, it falls
/// toward 0 and the prediction toward the naive one. The memory is short (about ten outcomes), so a series recovers
/// its trust soon after the wild predictions of its first ticks. A prior of outcomes that agreed with their predictions
/// keeps w at 1 until the series' own outcomes outweigh it.
/// State per predicted feature: Σ prediction × outcome, Σ prediction², both with forgetting.
/// </summary>
internal static class Skill
{
    /// <summary>Floats of state per predicted feature.</summary>
    public const int StateLength = 2;

    /// <summary>Forgetting per outcome: an outcome's weight halves after about seven ticks.</summary>
    public const float Forgetting = 0.9f;

    /// <summary>The prior's weight, in squared change units: a few outcomes that agreed with their predictions.</summary>
    public const float Prior = 4f;

    /// <summary>Learns from the <paramref name="outcome"/> (change units) of feature <paramref name="feature"/>'s <paramref name="predicted"/> change.</summary>
    public static void Learn(Span<float> state, int feature, float predicted, float outcome)
    {
        var s = state.Slice(feature * StateLength, StateLength);
        s[0] = Forgetting * s[0] + predicted * outcome;
        s[1] = Forgetting * s[1] + predicted * predicted;
    }

    /// <summary>The weight of feature <paramref name="feature"/>'s predicted change.</summary>
    public static float Weight(ReadOnlySpan<float> state, int feature) =>
        Math.Clamp((Prior + state[feature * StateLength]) / (Prior + state[feature * StateLength + 1]), 0f, 1f);
}
