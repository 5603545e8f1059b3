namespace LstmActors.Grains.Training;

/// <summary>One optimizer step of a model: what went into it and the mean gradient applied.</summary>
/// <param name="FromVersion">Version the gradients were computed on (stale ones may be older in asynchronous mode).</param>
/// <param name="ToVersion">Version the step produced.</param>
/// <param name="Loss">Mean training loss of the windows in the step.</param>
/// <param name="Samples">Windows in the step.</param>
/// <param name="Silos">Contributing silos.</param>
/// <param name="Windows">Windows in the step.</param>
/// <param name="MeanGradient">The gradient the optimizer was given (summed contributions / samples, times any staleness weight).</param>
/// <param name="ClosedByDeadline">True when a synchronous round closed at its deadline without every active silo.</param>
[GenerateSerializer, Alias("lstmactors.TrainingRound")]
public sealed record TrainingRound(
    int FromVersion,
    int ToVersion,
    float Loss,
    int Samples,
    List<string> Silos,
    List<WindowKey> Windows,
    float[] MeanGradient,
    bool ClosedByDeadline);
