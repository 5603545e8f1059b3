namespace LstmActors.Grains.Training;

/// <summary>
/// A series' last <c>WindowLength</c> steps for truncated BPTT: scaled inputs, the scaled changes that followed each
/// step (the targets), and the carry the window started from (layer by layer, [h | c]). Stays in its silo in live
/// streams; a data-paced replay sends it to the model grain. Never modified once made, so a call in the same process
/// passes it without a copy.
/// </summary>
/// <param name="SeriesId">The series.</param>
/// <param name="StartSequence">Sequence number of the window's first input.</param>
/// <param name="Inputs">(W, F) scaled inputs.</param>
/// <param name="Targets">(W, P) targets.</param>
/// <param name="StartCarry">The carry before the first input.</param>
[GenerateSerializer, Immutable, Alias("lstmactors.TrainingWindow")]
public sealed record TrainingWindow(string SeriesId, long StartSequence, float[] Inputs, float[] Targets, float[] StartCarry);
