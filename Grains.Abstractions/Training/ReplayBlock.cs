namespace LstmActors.Grains.Training;

/// <summary>
/// One block of a data-paced replay: the <see cref="Block"/>-th window's worth of ticks of every series taking part.
/// Each series of the block checks in with the model grain once, with the window the block's first tick closed, and
/// predicts the block on the weights of the step taken on all those windows.
/// </summary>
/// <param name="Replay">Identifies the replay, so concurrent replays of one model keep their blocks apart.</param>
/// <param name="Block">The block's index: 0 is the first window of every series, which closes none.</param>
/// <param name="Series">How many series take part in this block; the step waits for all of them.</param>
[GenerateSerializer, Alias("lstmactors.ReplayBlock")]
public sealed record ReplayBlock(Guid Replay, int Block, int Series);
