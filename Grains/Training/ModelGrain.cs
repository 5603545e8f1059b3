using LstmActors.Engine.Models;
using LstmActors.Grains.Catalog;
using LstmActors.Grains.Models;
using LstmActors.Grains.Monitoring;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace LstmActors.Grains.Training;

/// <summary>
/// The model grain: weights, optimizer and version of one model. Reentrant so that a synchronous round can hold the
/// calls of the silos that contributed until the last active silo (or the deadline) closes it; state changes happen
/// only between awaits, one turn at a time. Never moved by a rebalancer: an open round and the silos' subscriptions live
/// only in its memory.
/// </summary>
[Reentrant, Immovable]
public sealed class ModelGrain([PersistentState("model")] IPersistentState<ModelState> stored, ILogger<ModelGrain> logger) : Grain, IModelGrain
{
    /// <summary>Loss history entries kept.</summary>
    public const int LossHistoryLength = 1000;

    private const int RoundsKept = 32;

    /// <summary>How long a replay step waits for the series of its block: one lost with its silo must not hold the replay forever.</summary>
    private static readonly TimeSpan ReplayDeadline = TimeSpan.FromSeconds(60);

    private readonly HashSet<string> _activeSilos = new(StringComparer.Ordinal);
    private readonly List<TrainingRound> _rounds = [];
    private readonly SemaphoreSlim _writing = new(1, 1);
    private Sequential? _network;
    private OpenRound? _round;
    private readonly Dictionary<(Guid Replay, int Block), ReplayStep> _replaySteps = [];
    private WindowGradients? _replayGradients;
    private readonly ObserverManager<IModelObserver> _observers = new(IModelGrain.SubscriptionLifetime, logger);
    private bool _registered;

    private ModelState State => stored.State;

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.Definition is null && BuiltInModels.Find(this.GetPrimaryKeyString()) is { } builtIn)
            await Create(builtIn);
        else if (State.Definition is not null)
            Restore();
    }

    /// <inheritdoc />
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _replayGradients?.Dispose();
        if (State.Definition is not null) await Checkpoint();
    }

    /// <inheritdoc />
    public async Task<ModelDefinition> Define(ModelDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        string name = this.GetPrimaryKeyString();
        if (definition.Name != name)
            throw new ArgumentException($"Model grain '{name}' cannot take a definition named '{definition.Name}'.");
        definition.Validate();
        if (State.Definition is { } existing)
        {
            if (!SameShape(existing, definition))
                throw new InvalidOperationException(
                    $"Model '{name}' already exists with features [{string.Join(", ", existing.Features)}], predicting [{string.Join(", ", existing.PredictedFeatures)}], " +
                    $"{existing.Layers}×{existing.Units} units; the new definition differs (features [{string.Join(", ", definition.Features)}], " +
                    $"predicting [{string.Join(", ", definition.PredictedFeatures)}], {definition.Layers}×{definition.Units} units).");
            await Register(existing);
            return existing;
        }
        await Create(definition);
        await Register(definition);
        return definition;
    }

    /// <inheritdoc />
    public Task<ModelDefinition> GetDefinition() => Task.FromResult(Defined());

    /// <inheritdoc />
    public Task<ModelDefinition?> FindDefinition() => Task.FromResult(State.Definition);

    /// <inheritdoc />
    public Task<ModelVersion> GetLatest()
    {
        Defined();
        return Task.FromResult(Latest());
    }

    /// <inheritdoc />
    public Task<ModelVersion> Join(string silo)
    {
        Defined();
        _activeSilos.Add(silo);
        return Task.FromResult(Latest());
    }

    /// <inheritdoc />
    public async Task<ContributionResult> Contribute(GradientContribution contribution)
    {
        var definition = Defined();
        CheckContribution(contribution);
        _activeSilos.Add(contribution.Silo);
        switch (definition.Training.Mode)
        {
            case TrainingMode.Off:
                State.Dropped++;
                return new ContributionResult(false, 0f, $"Model '{definition.Name}' does not train online.", Latest());
            case TrainingMode.Asynchronous:
                return await ApplyAsynchronous(contribution, definition);
            default:
                return await JoinRound(contribution, definition);
        }
    }

    /// <inheritdoc />
    public async Task<ModelVersion> StepReplay(ReplayBlock block, TrainingWindow? window)
    {
        var definition = Defined();
        ArgumentNullException.ThrowIfNull(block);
        if (block.Block < 1 || block.Series < 1)
            throw new ArgumentException($"Model '{definition.Name}': replay block {block.Block} of {block.Series} series; blocks after the first (1, 2, ...) of at least one series take steps.");
        if (window is not null) CheckWindow(window, definition);
        if (definition.Training.Mode == TrainingMode.Off) return Latest();
        var key = (block.Replay, block.Block);
        if (!_replaySteps.TryGetValue(key, out var step)) _replaySteps[key] = step = new ReplayStep(block.Series);
        if (window is not null) step.Windows.Add(window);
        if (++step.Arrived >= step.Series)
        {
            await TakeReplayStep(key, step, definition);
        }
        else
        {
            await Task.WhenAny(step.Done.Task, Task.Delay(ReplayDeadline));
            if (!step.Done.Task.IsCompleted)
            {
                logger.LogWarning("Replay block {Block} of model {Model}: {Arrived} of {Series} series checked in within {Seconds} s; stepping on their windows.",
                    block.Block, definition.Name, step.Arrived, step.Series, ReplayDeadline.TotalSeconds);
                await TakeReplayStep(key, step, definition);
            }
        }
        return await step.Done.Task;
    }

    /// <inheritdoc />
    public Task<int> Subscribe(IModelObserver observer)
    {
        Defined();
        _observers.Subscribe(observer, observer);
        return Task.FromResult(State.Version);
    }

    /// <inheritdoc />
    public async Task<ModelVersion> SetWeights(float[] weights)
    {
        Defined();
        if (weights.Length != State.Weights.Length)
            throw new ArgumentException($"Model '{this.GetPrimaryKeyString()}' has {State.Weights.Length} weights, got {weights.Length}.");
        for (int i = 0; i < weights.Length; i++)
        {
            if (!float.IsFinite(weights[i])) throw new ArgumentException($"Weights for model '{this.GetPrimaryKeyString()}' contain {weights[i]} at index {i}.");
        }
        _network!.SetWeights(weights);
        _network.Optimizer!.RestoreState(0, []);
        State.Weights = (float[])weights.Clone();
        State.Version++;
        Published();
        await Checkpoint();
        return Latest();
    }

    /// <inheritdoc />
    public Task<ModelStatus> Status()
    {
        var definition = Defined();
        return Task.FromResult(new ModelStatus(definition, State.Version, State.Steps, State.Dropped,
            _activeSilos.Order(StringComparer.Ordinal).ToList(), State.Losses.TakeLast(100).ToList()));
    }

    /// <inheritdoc />
    public Task<TrainingRound?> GetRound(int fromVersion) => Task.FromResult(_rounds.LastOrDefault(r => r.FromVersion == fromVersion));

    private async Task<ContributionResult> JoinRound(GradientContribution contribution, ModelDefinition definition)
    {
        if (contribution.Version != State.Version)
        {
            State.Dropped++;
            return new ContributionResult(false, 0f,
                $"Gradient computed on version {contribution.Version}, the synchronous round is on version {State.Version}.", Latest());
        }
        var round = _round ??= new OpenRound(State.Version, definition.Training.RoundDeadline);
        round.Contributions.Add(contribution);
        if (_activeSilos.All(s => round.Contributions.Any(c => c.Silo == s)))
        {
            await CloseRound(round, byDeadline: false);
        }
        else
        {
            await Task.WhenAny(round.Closed.Task, round.Deadline);
            if (!round.Closed.Task.IsCompleted)
            {
                // Silos that missed the deadline are no longer waited for; they join again with their next contribution.
                _activeSilos.RemoveWhere(s => round.Contributions.All(c => c.Silo != s));
                await CloseRound(round, byDeadline: true);
            }
            await round.Closed.Task;
        }
        return contribution.Samples > 0
            ? new ContributionResult(true, 1f, null, Latest())
            : new ContributionResult(false, 0f, "The contribution holds no windows.", Latest());
    }

    private async Task CloseRound(OpenRound round, bool byDeadline)
    {
        if (_round != round) return;
        _round = null;
        // Every silo may have reported "nothing": then there is no step and the version stays.
        if (round.Contributions.Sum(c => c.Samples) > 0) await Step(round.Contributions, round.Version, weight: 1f, byDeadline);
        round.Closed.TrySetResult();
    }

    private async Task<ContributionResult> ApplyAsynchronous(GradientContribution contribution, ModelDefinition definition)
    {
        if (contribution.Samples == 0) return new ContributionResult(false, 0f, "The contribution holds no windows.", Latest());
        int staleness = State.Version - contribution.Version;
        if (staleness < 0)
            throw new ArgumentException($"Gradient for model '{definition.Name}' claims version {contribution.Version}, newer than the current {State.Version}.");
        if (staleness > definition.Training.StalenessBound)
        {
            State.Dropped++;
            return new ContributionResult(false, 0f,
                $"Gradient computed on version {contribution.Version} is {staleness} versions stale; the bound is {definition.Training.StalenessBound}.", Latest());
        }
        float weight = 1f / (1 + staleness);
        await Step([contribution], contribution.Version, weight, byDeadline: false);
        return new ContributionResult(true, weight, staleness == 0 ? null : $"Down-weighted by 1/(1+{staleness}) for staleness.", Latest());
    }

    /// <summary>One optimizer step on the mean of the given summed gradients.</summary>
    private async Task Step(List<GradientContribution> contributions, int fromVersion, float weight, bool byDeadline)
    {
        int samples = contributions.Sum(c => c.Samples);
        var mean = new float[State.Weights.Length];
        foreach (var c in contributions)
            for (int i = 0; i < mean.Length; i++) mean[i] += c.GradientSum[i];
        float scale = weight / samples;
        for (int i = 0; i < mean.Length; i++) mean[i] *= scale;
        float loss = contributions.Sum(c => c.LossSum) / samples;

        _network!.ApplyGradients(mean);
        State.Weights = _network.GetWeights();
        State.Version++;
        State.Steps++;
        State.Losses.Add(new LossPoint(State.Version, loss, samples, DateTimeOffset.UtcNow));
        if (State.Losses.Count > LossHistoryLength) State.Losses.RemoveRange(0, State.Losses.Count - LossHistoryLength);
        var tag = LstmActorsMeter.ModelTag(this.GetPrimaryKeyString());
        LstmActorsMeter.TrainingLoss.Record(loss, tag);
        LstmActorsMeter.TrainingSteps.Add(1, tag);
        LstmActorsMeter.WeightsVersion.Record(State.Version, tag);
        _rounds.Add(new TrainingRound(fromVersion, State.Version, loss, samples, contributions.Where(c => c.Samples > 0).Select(c => c.Silo).Distinct().ToList(),
            contributions.SelectMany(c => c.Windows).ToList(), mean, byDeadline));
        if (_rounds.Count > RoundsKept) _rounds.RemoveAt(0);
        Published();
        if (State.Version % Defined().Training.CheckpointEvery == 0) await Checkpoint();
    }

    /// <summary>
    /// One optimizer step on the windows of a replay block, in series order: the same windows give the same bits
    /// however many silos the series were spread over.
    /// </summary>
    private async Task TakeReplayStep((Guid, int) key, ReplayStep step, ModelDefinition definition)
    {
        if (!_replaySteps.Remove(key)) return;
        try
        {
            if (step.Windows.Count > 0)
            {
                step.Windows.Sort((a, b) => a.SeriesId != b.SeriesId ? string.CompareOrdinal(a.SeriesId, b.SeriesId) : a.StartSequence.CompareTo(b.StartSequence));
                var (sum, lossSum) = (_replayGradients ??= new WindowGradients(definition, Environment.ProcessorCount)).Sum(step.Windows, Latest());
                var contribution = new GradientContribution("replay", State.Version, step.Windows.Count, lossSum, sum,
                    step.Windows.Select(w => new WindowKey(w.SeriesId, w.StartSequence)).ToList());
                await Step([contribution], State.Version, weight: 1f, byDeadline: false);
            }
            step.Done.TrySetResult(Latest());
        }
        catch (Exception e)
        {
            step.Done.TrySetException(e);
        }
    }

    private void CheckWindow(TrainingWindow w, ModelDefinition d)
    {
        int steps = d.WindowLength;
        if (w.Inputs?.Length != steps * d.InputWidth || w.Targets?.Length != steps * d.PredictedFeatures.Length || w.StartCarry?.Length != d.CarryLength)
            throw new ArgumentException(
                $"Training window of series '{w.SeriesId}' at {w.StartSequence} has {w.Inputs?.Length ?? 0} inputs, {w.Targets?.Length ?? 0} targets and a carry of {w.StartCarry?.Length ?? 0}; " +
                $"model '{d.Name}' needs {steps * d.InputWidth}, {steps * d.PredictedFeatures.Length} and {d.CarryLength}.");
        foreach (var values in new[] { w.Inputs, w.Targets, w.StartCarry })
        {
            int bad = Array.FindIndex(values, v => !float.IsFinite(v));
            if (bad >= 0) throw new ArgumentException($"Training window of series '{w.SeriesId}' at {w.StartSequence} contains {values[bad]} at index {bad}.");
        }
    }

    private void CheckContribution(GradientContribution c)
    {
        if (c.GradientSum.Length != State.Weights.Length)
            throw new ArgumentException($"Gradient from silo '{c.Silo}' has {c.GradientSum.Length} values; model '{this.GetPrimaryKeyString()}' has {State.Weights.Length} weights.");
        if (c.Samples < 0) throw new ArgumentException($"Gradient from silo '{c.Silo}' covers {c.Samples} samples.");
        for (int i = 0; i < c.GradientSum.Length; i++)
        {
            if (!float.IsFinite(c.GradientSum[i]))
                throw new ArgumentException($"Gradient from silo '{c.Silo}' contains {c.GradientSum[i]} at index {i}.");
        }
    }

    private async Task Create(ModelDefinition definition)
    {
        _network = ModelNetwork.Build(definition, 1);
        State.Definition = definition;
        State.Weights = _network.GetWeights();
        State.Version = 1;
        await Checkpoint();
    }

    private void Restore()
    {
        _network = ModelNetwork.Build(State.Definition!, 1);
        _network.SetWeights(State.Weights);
        _network.Optimizer!.RestoreState(State.OptimizerIterations, SplitSlots(State.OptimizerSlots));
    }

    private async Task Checkpoint()
    {
        var optimizer = _network!.Optimizer!;
        State.OptimizerIterations = optimizer.Iterations;
        State.OptimizerSlots = optimizer.Slots.SelectMany(s => s).ToArray();
        // Turns interleave at awaits: one write at a time keeps the etag chain intact.
        await _writing.WaitAsync();
        try
        {
            await stored.WriteStateAsync();
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>
    /// Records the model in the cluster's catalog before Define answers. The definition is stored first, so a failure
    /// here fails Define but loses nothing: the caller's retry finds the stored definition and registers it then
    /// (once per activation; the catalog ignores names it has).
    /// </summary>
    private async Task Register(ModelDefinition definition)
    {
        if (_registered) return;
        await GrainFactory.GetGrain<IModelCatalogGrain>(IModelCatalogGrain.Key).Register(definition);
        _registered = true;
    }

    /// <summary>Pushes the new version to every subscribed silo (one-way: a slow or gone silo holds up nothing).</summary>
    private void Published()
    {
        var latest = Latest();
        _observers.Notify(o => o.VersionPublished(latest));
    }

    /// <summary>Cuts concatenated optimizer slots back into one array per parameter and slot.</summary>
    private List<float[]> SplitSlots(float[] flat)
    {
        var parameters = _network!.Parameters;
        int perParameter = parameters.Sum(p => p.Count);
        if (flat.Length == 0) return [];
        if (flat.Length % perParameter != 0)
            throw new InvalidDataException($"Model '{this.GetPrimaryKeyString()}': stored optimizer state has {flat.Length} values, not a multiple of the {perParameter} weights.");
        int slotsPerParameter = flat.Length / perParameter, offset = 0;
        var slots = new List<float[]>();
        foreach (var parameter in parameters)
        {
            for (int s = 0; s < slotsPerParameter; s++)
            {
                slots.Add(flat.AsSpan(offset, parameter.Count).ToArray());
                offset += parameter.Count;
            }
        }
        return slots;
    }

    private ModelDefinition Defined() => State.Definition
        ?? throw new InvalidOperationException($"Model '{this.GetPrimaryKeyString()}' is not defined: call Define with a model definition first (built-in models: {string.Join(", ", BuiltInModels.All.Select(m => m.Name))}).");

    private ModelVersion Latest() => new(this.GetPrimaryKeyString(), State.Version, State.Weights);

    private static bool SameShape(ModelDefinition a, ModelDefinition b) =>
        a.Features.SequenceEqual(b.Features) && a.PredictedFeatures.SequenceEqual(b.PredictedFeatures) && a.LogFeatures.SequenceEqual(b.LogFeatures)
        && a.Units == b.Units && a.Layers == b.Layers && a.SeriesInputs == b.SeriesInputs && a.ScaleHead == b.ScaleHead;

    private sealed class ReplayStep(int series)
    {
        public int Series { get; } = series;

        public int Arrived { get; set; }

        public List<TrainingWindow> Windows { get; } = [];

        public TaskCompletionSource<ModelVersion> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class OpenRound(int version, TimeSpan deadline)
    {
        public int Version { get; } = version;

        public List<GradientContribution> Contributions { get; } = [];

        public TaskCompletionSource Closed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Deadline { get; } = Task.Delay(deadline);
    }
}
