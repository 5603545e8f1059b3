namespace LstmActors.Grains.Models;

/// <summary>How a model trains online across silos.</summary>
/// <param name="Mode">Synchronous rounds, asynchronous updates, or off.</param>
/// <param name="StalenessBound">Asynchronous mode: a gradient computed this many versions behind or more recent is applied (down-weighted by 1/(1+staleness)); older ones are dropped.</param>
/// <param name="RoundDeadline">Synchronous mode: how long a round waits for the silos that have not contributed yet after the first contribution arrived.</param>
/// <param name="CheckpointEvery">The model grain writes weights and optimizer state to storage every this many versions (and on deactivation).</param>
[GenerateSerializer, Alias("lstmactors.TrainingSettings")]
public sealed record TrainingSettings(TrainingMode Mode, int StalenessBound, TimeSpan RoundDeadline, int CheckpointEvery);
