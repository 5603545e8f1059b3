namespace LstmActors.Grains.Batching;

/// <summary>Forecasting: turns a step's input and output into the next step's input, on the batcher's thread between steps.</summary>
internal interface IStepFeedback
{
    /// <summary>Writes the input of step <paramref name="step"/> + 1 into <paramref name="next"/>.</summary>
    void Next(int step, ReadOnlySpan<float> input, ReadOnlySpan<float> output, Span<float> next);
}
