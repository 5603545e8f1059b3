using LstmActors.Engine.Losses;
using LstmActors.Grains.Batching;
using LstmActors.Grains.Forecasting;
using LstmActors.Grains.Hosting;
using LstmActors.Grains.Models;
using LstmActors.Grains.Monitoring;
using LstmActors.Grains.Training;
using Microsoft.Extensions.Logging;

namespace LstmActors.Grains.Series;

/// <summary>
/// A series: checks and scales its ticks, has the silo's step batcher advance its carry (one batched engine call for
/// all the silo's series due now), turns the network's scaled predicted changes back into original units, builds its
/// training windows and hands each finished one to the silo's gradient worker. State is written before a call is
/// acknowledged (see <see cref="GrainsOptions.PersistEveryTicks"/>).
/// </summary>
public sealed class SeriesGrain(
    [PersistentState("series")] IPersistentState<SeriesState> stored,
    SiloModels models,
    GrainsOptions options,
    ILogger<SeriesGrain> logger) : Grain, ISeriesGrain
{
    private const double RecentWeight = 2.0 / 51;

    private SiloModel? _model;
    private FeatureScaler? _scaler;
    private StepRequest? _request;
    private int[] _predicted = [];
    private int _unsaved;
    private RecentWindow? _recent;
    private Autoregression? _autoregression;
    private IntervalTracker? _anomalyInterval;
    private KeyValuePair<string, object?> _modelTag;

    // A data-paced replay's call in progress: windows closed go to the model grain at the block's check-in, not to the silo's gradient worker.
    private bool _replaying;
    private TrainingWindow? _replayWindow;

    // Per-block scratch, grown as needed: scaled inputs (n, F), bases and change scales (n, P), the network's targets of
    // the previous step (n, P: the change the autoregression left), the changes that came (n, P), outputs (n, P) and
    // the same before the skill weight, the autoregression's predictions (n, P), the 80% interval's offsets (n, P), the
    // network's predicted scales (n, P; 1 without a scale head); and per tick (P) its values, levels and change scales.
    private float[] _inputs = [], _bases = [], _deviations = [], _targets = [], _changes = [], _outputs = [], _unweighted = [], _autoregressive = [], _lower = [], _upper = [], _sigmas = [];
    private double[] _values = [];
    private float[] _levels = [], _scales = [];

    private SeriesState State => stored.State;

    private string Id => this.GetPrimaryKeyString();

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.Model is { } model) Bind(await models.GetAsync(model), restoring: true);
    }

    /// <inheritdoc />
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_unsaved > 0) await stored.WriteStateAsync();
    }

    /// <inheritdoc />
    public async Task<Prediction> Observe(string model, Tick tick)
    {
        var block = await ObserveMany(model, [tick]);
        if (block.Count == 1) return new Prediction(Id, tick.Sequence, block.ModelVersion, block.Values, Duplicate: false, block.Lower, block.Upper, block.Anomalies![0]);
        bool latest = tick.Sequence == State.LastSequence;
        return new Prediction(Id, tick.Sequence, State.ModelVersion, latest ? (float[])State.LastPrediction.Clone() : [], Duplicate: true);
    }

    /// <inheritdoc />
    public Task<PredictionBlock> ObserveMany(string model, Tick[] ticks) => Apply(model, ticks, null);

    /// <inheritdoc />
    public Task<PredictionBlock> ObserveReplay(string model, Tick[] ticks, ReplayBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        return Apply(model, ticks, block);
    }

    private async Task<PredictionBlock> Apply(string model, Tick[] ticks, ReplayBlock? block)
    {
        ArgumentNullException.ThrowIfNull(ticks);
        await EnsureModel(model);
        _replaying = block is not null;
        // Blocks after a replay's first check in with the model grain's step once each call, whatever becomes of it.
        var checkIn = block is { Block: > 0 } && _model!.Trains ? block : null;
        int duplicates;
        try
        {
            duplicates = Check(ticks);
        }
        catch when (checkIn is not null)
        {
            // A rejected block still checks in, so the other series of the block get their step and their answers.
            await CheckIn(checkIn);
            throw;
        }
        int n = ticks.Length - duplicates;
        if (n == 0)
        {
            // The replay's step waits for every series of the block, this one too.
            if (checkIn is not null) await CheckIn(checkIn);
            return new PredictionBlock(Id, State.LastSequence + 1, 0, duplicates, State.ModelVersion, []);
        }
        try
        {
            // The steps run in runs that end where a training window starts (its start carry is taken there). They
            // are awaited here, not in a helper: an async helper would add a state machine, and a post back to the
            // activation, to every call.
            var siloModel = _model!;
            bool hadPrevious = State.TicksSeen > 0;
            Scale(ticks.AsSpan(duplicates));
            int runStart = 0;
            for (int k = 0; k < n && siloModel.Trains; k++)
            {
                if (WindowStartsAt(k, hadPrevious))
                {
                    if (k > runStart)
                    {
                        await Run(siloModel, runStart, k);
                        Collect(runStart, k);
                    }
                    runStart = k;
                    State.Carry.CopyTo(State.WindowCarry, 0);
                    State.WindowStart = ticks[duplicates + k].Sequence;
                }
                // A replay block predicts on the step its first tick's closed windows took part in.
                if (k == 0 && checkIn is not null) await CheckIn(checkIn);
                AddToWindow(k);
            }
            await Run(siloModel, runStart, n);
            Collect(runStart, n);
            // The prediction is the network's change plus the autoregression's, weighted by the series' skill.
            for (int i = 0; i < n * _predicted.Length; i++) _outputs[i] += _autoregressive[i];
            Weigh(n, hadPrevious);
            var anomalies = Score(n, hadPrevious);
            var (values, lower, upper) = Finish(ticks.AsSpan(duplicates));
            _recent!.Add(ticks.AsSpan(duplicates), values, lower, upper, anomalies);
            LstmActorsMeter.Ticks.Add(n, _modelTag);
            _unsaved += n;
            if (_unsaved >= options.PersistEveryTicks)
            {
                await stored.WriteStateAsync();
                _unsaved = 0;
            }
            return new PredictionBlock(Id, ticks[duplicates].Sequence, n, duplicates, State.ModelVersion, values, lower, upper, anomalies);
        }
        catch
        {
            // Part of the block may be applied in memory only: come back from the last written state.
            DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>Hands the replay's step the window this series closed, if any, and takes the version it made.</summary>
    private async Task CheckIn(ReplayBlock block)
    {
        var window = _replayWindow;
        _replayWindow = null;
        var version = await GrainFactory.GetGrain<IModelGrain>(_model!.Definition.Name).StepReplay(block, window);
        _model.Install(version);
    }

    /// <inheritdoc />
    public async Task<Forecast> Forecast(int horizon)
    {
        if (horizon is < 1 or > 100_000)
            throw new ArgumentOutOfRangeException(nameof(horizon), horizon, $"Series '{Id}': forecast horizon must be between 1 and 100000.");
        if (_model is null || State.TicksSeen == 0)
            throw new InvalidOperationException($"Series '{Id}' has seen no tick yet; nothing to forecast from.");
        int p = _predicted.Length;
        var cumulative = (float[])State.LastOutput.Clone();
        var values = new float[horizon * p];
        var lower = new float[horizon * p];
        var upper = new float[horizon * p];
        // The spread of the summed changes: √(Σ σ²) over the steps so far, each step's σ the network's (1 without a scale head).
        var variance = State.LastSigma.Select(s => s * s).ToArray();
        WritePrediction(cumulative, 0, variance, values, lower, upper);
        int version = State.ModelVersion;
        if (horizon > 1)
        {
            // Scaling is frozen over the forecast: a predicted change of o (in change units) moves the scaled input by o·gain.
            var gains = _predicted.Select((j, i) => State.LastDeviation[i] / _scaler!.Deviation(j)).ToArray();
            var first = new float[State.LastInput.Length];
            State.LastInput.CopyTo(first, 0);
            var next = new double[p];
            for (int i = 0; i < p; i++)
            {
                first[_predicted[i]] += State.LastOutput[i] * gains[i];
                next[i] = State.LastBase[i] + (double)State.LastOutput[i] * State.LastDeviation[i];
            }
            var weights = _predicted.Select((_, i) => Skill.Weight(State.Skill, i)).ToArray();
            var d = _model.Definition;
            var feedback = new ForecastFeedback(_predicted, gains, State.LastDeviation, weights, AutoregressionAhead(next), next, first,
                d.SeriesInputs ? d.Features.Length : -1, horizon - 1);
            var request = Request();
            request.Prepare((float[])State.Carry.Clone(), horizon - 1, feedback);
            first.CopyTo(request.Inputs, 0);
            await _model.Batcher.Submit(request);
            version = request.Version;
            int width = d.OutputWidth;
            for (int h = 1; h < horizon; h++)
            {
                var step = request.Outputs.AsSpan((h - 1) * width, width);
                for (int i = 0; i < p; i++)
                {
                    cumulative[i] += feedback.Change(h - 1, i, step[i]);
                    float sigma = width > p ? GaussianNll.Scale(step[p + i]) : 1f;
                    variance[i] += sigma * sigma;
                }
                WritePrediction(cumulative, h, variance, values, lower, upper);
            }
        }
        return new Forecast(Id, State.LastSequence, version, horizon, values, lower, upper);
    }

    /// <summary>A copy of the series' autoregression that has seen the next value (<paramref name="next"/>) as if it came; null without one.</summary>
    private Autoregression? AutoregressionAhead(double[] next)
    {
        if (_autoregression is null) return null;
        var ahead = new Autoregression(_autoregression.State.Clone(), _predicted.Length, _model!.Definition.Seasons);
        ahead.Push(next, ahead.NextTime());
        return ahead;
    }

    /// <inheritdoc />
    public async Task Reset()
    {
        if (_model is null) return;
        Array.Clear(State.Carry);
        // The window in progress started from the old carry; it cannot be trained on any more.
        State.WindowCount = 0;
        await stored.WriteStateAsync();
        _unsaved = 0;
    }

    /// <inheritdoc />
    public Task<SeriesStatus> Status()
    {
        double count = Math.Max(1, State.ErrorCount);
        return Task.FromResult(new SeriesStatus(Id, State.Model, State.TicksSeen, State.LastSequence, State.ModelVersion,
            State.ErrorSum / count, State.NaiveErrorSum / count, State.RecentError, State.RecentNaiveError,
            (float[])State.LastPrediction.Clone(), models.SiloId, _autoregression?.State.Periods,
            State.IntervalOutcomes > 0 ? (double)State.IntervalHits / State.IntervalOutcomes : null, State.Anomalies));
    }

    /// <inheritdoc />
    public Task<SeriesHistory> History() =>
        Task.FromResult(_recent?.Read(Id, _model!.Definition.PredictedFeatures) ?? new SeriesHistory(Id, [], [], [], []));

    private async Task EnsureModel(string model)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        if (State.Model is null)
        {
            Bind(await models.GetAsync(model), restoring: false);
            State.Model = model;
        }
        else if (State.Model != model)
            throw new InvalidOperationException($"Series '{Id}' belongs to model '{State.Model}'; a tick for model '{model}' cannot be applied to it.");
        else if (_model is null)
            Bind(await models.GetAsync(model), restoring: true);
    }

    private void Bind(SiloModel model, bool restoring)
    {
        var d = model.Definition;
        int f = d.InputWidth, p = d.PredictedFeatures.Length, carry = d.CarryLength;
        _scaler = new FeatureScaler(d.LogMask());
        _predicted = d.PredictedIndices();
        _recent = new RecentWindow(RecentWindow.DefaultCapacity, _predicted);
        _modelTag = LstmActorsMeter.ModelTag(d.Name);
        _values = new double[p];
        // A tick is an anomaly when any of its P features is outside: each feature's interval leaves 1/P of the level's share out.
        _anomalyInterval = new IntervalTracker(1 - (1 - options.AnomalyLevel) / p);
        _levels = new float[p];
        _scales = new float[p];
        if (restoring)
        {
            if (State.Carry.Length != carry || State.LastInput.Length != f || State.LastOutput.Length != p)
                throw new InvalidDataException(
                    $"Stored state of series '{Id}' does not fit model '{d.Name}': carry {State.Carry.Length} (expected {carry}), inputs {State.LastInput.Length} (expected {f}), outputs {State.LastOutput.Length} (expected {p}).");
            _scaler.Restore(State.ScalerCount, State.ScalerMean, State.ScalerM2, State.ScalerLast, State.ScalerChangeSquares);
        }
        else
        {
            State.Carry = new float[carry];
            State.LastInput = new float[f];
            State.LastBase = new float[p];
            State.LastDeviation = new float[p];
            State.LastOutput = new float[p];
            State.LastPrediction = [];
            // Without online training no window is built, and none is stored.
            State.WindowInputs = model.Trains ? new float[d.WindowLength * f] : [];
            State.WindowTargets = model.Trains ? new float[d.WindowLength * p] : [];
            State.WindowCarry = model.Trains ? new float[carry] : [];
        }
        // States stored before the interval or the autoregression existed have none.
        if (State.Interval.Length != p * IntervalTracker.StateLength)
        {
            State.Interval = new float[p * IntervalTracker.StateLength];
            IntervalTracker.Forecast.Start(State.Interval);
        }
        if (State.AnomalyInterval.Length != p * IntervalTracker.StateLength)
        {
            State.AnomalyInterval = new float[p * IntervalTracker.StateLength];
            _anomalyInterval.Start(State.AnomalyInterval);
        }
        if (State.LastAutoregression.Length != p) State.LastAutoregression = new float[p];
        if (State.LastSigma.Length != p) State.LastSigma = Enumerable.Repeat(1f, p).ToArray();
        if (State.Skill.Length != p * Skill.StateLength)
        {
            State.Skill = new float[p * Skill.StateLength];
            State.LastUnweighted = (float[])State.LastOutput.Clone();
        }
        _autoregression = d.Autoregression ? new Autoregression(State.Autoregression ??= new AutoregressionState(), p, d.Seasons) : null;
        // The state holds the scaler's own arrays, so it is always current when written.
        State.ScalerMean = _scaler.Mean;
        State.ScalerM2 = _scaler.M2;
        State.ScalerLast = _scaler.Last;
        State.ScalerChangeSquares = _scaler.ChangeSquares;
        _model = model;
    }

    /// <summary>Checks the whole block before anything is applied; returns how many leading ticks are duplicates.</summary>
    private int Check(Tick[] ticks)
    {
        var d = _model!.Definition;
        int duplicates = 0;
        long? previous = State.TicksSeen > 0 ? State.LastSequence : null;
        for (int i = 0; i < ticks.Length; i++)
        {
            var tick = ticks[i];
            if (i == duplicates && State.TicksSeen > 0 && tick.Sequence >= State.FirstSequence && tick.Sequence <= State.LastSequence)
            {
                duplicates++;
                continue;
            }
            if (previous is long last && tick.Sequence != last + 1)
            {
                string what = tick.Sequence > last + 1
                    ? $"gap: tick {tick.Sequence} arrived after tick {last}; ticks {last + 1}..{tick.Sequence - 1} are missing"
                    : $"out of order: tick {tick.Sequence} arrived after tick {last}";
                throw new TickSequenceException(Id, last + 1, tick.Sequence, $"Series '{Id}' expected tick {last + 1}, {what}. Nothing of the block was applied.");
            }
            CheckFeatures(tick, d);
            previous = tick.Sequence;
        }
        return duplicates;
    }

    private void CheckFeatures(Tick tick, ModelDefinition d)
    {
        if (tick.Features is null || tick.Features.Length != d.Features.Length)
            throw new InvalidTickException(Id, tick.Sequence,
                $"Series '{Id}' tick {tick.Sequence}: expected {d.Features.Length} features ({string.Join(", ", d.Features)}) for model '{d.Name}', got {tick.Features?.Length ?? 0}. Nothing of the block was applied.");
        for (int j = 0; j < tick.Features.Length; j++)
        {
            if (!_scaler!.Accepts(j, tick.Features[j]))
                throw new InvalidTickException(Id, tick.Sequence,
                    $"Series '{Id}' tick {tick.Sequence}: feature '{d.Features[j]}' is {tick.Features[j].ToString(System.Globalization.CultureInfo.InvariantCulture)}" +
                    (float.IsFinite(tick.Features[j]) ? " but it is log-scaled and must not be negative" : "; features must be finite numbers") + ". Nothing of the block was applied.");
        }
    }

    /// <summary>
    /// Scales the block into the scratch arrays. The change that followed step t is measured in the units step t was
    /// scaled with; the network's target is what of it the autoregression did not predict. The autoregression learns
    /// from each change as it comes and predicts the next.
    /// </summary>
    private void Scale(ReadOnlySpan<Tick> block)
    {
        var scaler = _scaler!;
        var d = _model!.Definition;
        int n = block.Length, f = d.InputWidth, features = d.Features.Length, p = _predicted.Length;
        Grow(ref _inputs, n * f);
        Grow(ref _bases, n * p);
        Grow(ref _deviations, n * p);
        Grow(ref _targets, n * p);
        Grow(ref _changes, n * p);
        Grow(ref _outputs, n * p);
        Grow(ref _unweighted, n * p);
        Grow(ref _autoregressive, n * p);
        Grow(ref _lower, n * p);
        Grow(ref _upper, n * p);
        Grow(ref _sigmas, n * p);
        bool hasPrevious = State.TicksSeen > 0;
        for (int k = 0; k < n; k++)
        {
            ReadOnlySpan<float> lastBase = k == 0 ? State.LastBase : _bases.AsSpan((k - 1) * p, p);
            ReadOnlySpan<float> lastDeviation = k == 0 ? State.LastDeviation : _deviations.AsSpan((k - 1) * p, p);
            ReadOnlySpan<float> lastAutoregressive = k == 0 ? State.LastAutoregression : _autoregressive.AsSpan((k - 1) * p, p);
            scaler.Observe(block[k].Features);
            var transformed = scaler.Last;
            for (int i = 0; i < p; i++)
            {
                float value = (float)transformed[_predicted[i]];
                if (hasPrevious)
                {
                    float change = (value - lastBase[i]) / lastDeviation[i];
                    _changes[k * p + i] = change;
                    _targets[k * p + i] = change - lastAutoregressive[i];
                }
                _bases[k * p + i] = value;
                _deviations[k * p + i] = scaler.ChangeScale(_predicted[i]);
            }
            scaler.ScaleLatest(_inputs.AsSpan(k * f, features));
            var predicted = _autoregressive.AsSpan(k * p, p);
            if (_autoregression is { } autoregression)
            {
                if (hasPrevious) autoregression.Learn(_changes.AsSpan(k * p, p));
                for (int i = 0; i < p; i++)
                {
                    _values[i] = transformed[_predicted[i]];
                    _levels[i] = _inputs[k * f + _predicted[i]];
                    _scales[i] = _deviations[k * p + i];
                }
                if (autoregression.Push(_values, block[k].Timestamp) is > 0 and var period)
                {
                    logger.LogInformation("Series {Series}: seasonal period {Period} detected from the autocorrelation of its first {Changes} changes", Id, period, autoregression.State.Count - 1);
                    _model!.Evaluation.SeasonFound(period);
                }
                autoregression.Predict(_levels, _scales, predicted);
                if (d.SeriesInputs) autoregression.WriteSeriesInputs(_inputs.AsSpan(k * f + features, f - features));
            }
            else
            {
                predicted.Clear();
            }
            hasPrevious = true;
        }
    }

    /// <summary>
    /// Step k's target closes the window in progress; a full window goes to the gradient worker. True when a new
    /// window starts at step k.
    /// </summary>
    private bool WindowStartsAt(int k, bool hadPrevious)
    {
        var model = _model!;
        int p = _predicted.Length;
        if ((k > 0 || hadPrevious) && State.WindowCount > 0)
        {
            _targets.AsSpan(k * p, p).CopyTo(State.WindowTargets.AsSpan((State.WindowCount - 1) * p, p));
            if (State.WindowCount == model.Definition.WindowLength)
            {
                var window = new TrainingWindow(Id, State.WindowStart, (float[])State.WindowInputs.Clone(),
                    (float[])State.WindowTargets.Clone(), (float[])State.WindowCarry.Clone());
                if (_replaying) _replayWindow = window;
                else model.Worker.Add(window);
                State.WindowCount = 0;
            }
        }
        return State.WindowCount == 0;
    }

    /// <summary>Step k's scaled input joins the window in progress.</summary>
    private void AddToWindow(int k)
    {
        int f = _model!.Definition.InputWidth;
        _inputs.AsSpan(k * f, f).CopyTo(State.WindowInputs.AsSpan(State.WindowCount * f, f));
        State.WindowCount++;
    }

    /// <summary>
    /// Learns the series' skill from each outcome of the block and weights each step's predicted change by the skill
    /// known when it is made (<see cref="Skill"/>: the shrink toward no change).
    /// </summary>
    private void Weigh(int n, bool hadPrevious)
    {
        int p = _predicted.Length;
        for (int k = 0; k < n; k++)
        {
            if (k > 0 || hadPrevious)
            {
                ReadOnlySpan<float> previous = k == 0 ? State.LastUnweighted : _unweighted.AsSpan((k - 1) * p, p);
                for (int i = 0; i < p; i++) Skill.Learn(State.Skill, i, previous[i], _changes[k * p + i]);
            }
            for (int i = 0; i < p; i++)
            {
                int at = k * p + i;
                _unweighted[at] = _outputs[at];
                _outputs[at] *= Skill.Weight(State.Skill, i);
            }
        }
    }

    /// <summary>
    /// Errors and interval outcomes of the predictions made on the previous steps, now that their outcomes are known;
    /// returns per step whether its tick is an anomaly.
    /// </summary>
    private bool[] Score(int n, bool hadPrevious)
    {
        int p = _predicted.Length;
        var anomalies = new bool[n];
        double errors = 0, naiveErrors = 0;
        long scored = 0, outcomes = State.IntervalOutcomes, hits = State.IntervalHits, flagged = State.Anomalies;
        for (int k = 0; k < n; k++)
        {
            if (k > 0 || hadPrevious)
            {
                ReadOnlySpan<float> predictedChange = k == 0 ? State.LastOutput : _outputs.AsSpan((k - 1) * p, p);
                double error = 0, naive = 0;
                for (int i = 0; i < p; i++)
                {
                    float target = _changes[k * p + i];
                    error += (predictedChange[i] - target) * (predictedChange[i] - target);
                    naive += target * target;
                    // The 80% interval is learnt in the network's predicted scale of that step (1 without a scale head).
                    float sigma = k == 0 ? State.LastSigma[i] : _sigmas[(k - 1) * p + i];
                    if (IntervalTracker.Forecast.Learn(State.Interval, i, (target - predictedChange[i]) / sigma)) State.IntervalHits++;
                    if (!_anomalyInterval!.Learn(State.AnomalyInterval, i, target - predictedChange[i])) anomalies[k] = true;
                }
                if (anomalies[k]) State.Anomalies++;
                State.IntervalOutcomes += p;
                error /= p;
                naive /= p;
                State.ErrorCount++;
                errors += error;
                naiveErrors += naive;
                scored++;
                State.ErrorSum += error;
                State.NaiveErrorSum += naive;
                State.RecentError += RecentWeight * (error - State.RecentError);
                State.RecentNaiveError += RecentWeight * (naive - State.RecentNaiveError);
            }
            // Step k's interval, from every outcome known when it is made.
            for (int i = 0; i < p; i++)
            {
                _lower[k * p + i] = IntervalTracker.Lower(State.Interval, i) * _sigmas[k * p + i];
                _upper[k * p + i] = IntervalTracker.Upper(State.Interval, i) * _sigmas[k * p + i];
            }
        }
        long newAnomalies = State.Anomalies - flagged;
        _model!.Evaluation.Add(errors, naiveErrors, scored, State.IntervalOutcomes - outcomes, State.IntervalHits - hits, newAnomalies);
        if (newAnomalies > 0) LstmActorsMeter.Anomalies.Add(newAnomalies, _modelTag);
        return anomalies;
    }

    /// <summary>The block's predictions and their 80% intervals in original units; moves the state past the block.</summary>
    private (float[] Values, float[] Lower, float[] Upper) Finish(ReadOnlySpan<Tick> block)
    {
        var scaler = _scaler!;
        int n = block.Length, f = _model!.Definition.InputWidth, p = _predicted.Length;
        var values = new float[n * p];
        var lower = new float[n * p];
        var upper = new float[n * p];
        for (int k = 0; k < n; k++)
        {
            for (int i = 0; i < p; i++)
            {
                int at = k * p + i;
                float value = _bases[at] + _outputs[at] * _deviations[at];
                values[at] = scaler.Untransform(_predicted[i], value);
                lower[at] = scaler.Untransform(_predicted[i], value + _lower[at] * _deviations[at]);
                upper[at] = scaler.Untransform(_predicted[i], value + _upper[at] * _deviations[at]);
            }
        }
        var lastTick = block[n - 1];
        if (State.TicksSeen == 0) State.FirstSequence = block[0].Sequence;
        State.TicksSeen += n;
        State.LastSequence = lastTick.Sequence;
        State.LastTimestamp = lastTick.Timestamp;
        State.ScalerCount = scaler.Count;
        _inputs.AsSpan((n - 1) * f, f).CopyTo(State.LastInput);
        _bases.AsSpan((n - 1) * p, p).CopyTo(State.LastBase);
        _deviations.AsSpan((n - 1) * p, p).CopyTo(State.LastDeviation);
        _outputs.AsSpan((n - 1) * p, p).CopyTo(State.LastOutput);
        _autoregressive.AsSpan((n - 1) * p, p).CopyTo(State.LastAutoregression);
        _unweighted.AsSpan((n - 1) * p, p).CopyTo(State.LastUnweighted);
        _sigmas.AsSpan((n - 1) * p, p).CopyTo(State.LastSigma);
        // Copied into the state's own array: a new one per call would be young garbage held by an old object.
        if (State.LastPrediction.Length != p) State.LastPrediction = new float[p];
        values.AsSpan((n - 1) * p, p).CopyTo(State.LastPrediction);
        return (values, lower, upper);
    }

    /// <summary>Has the batcher advance the carry through inputs [start, end) of the block; <see cref="Collect"/> takes the outputs.</summary>
    private ValueTask Run(SiloModel model, int start, int end)
    {
        int f = model.Definition.InputWidth, steps = end - start;
        var request = Request();
        request.Prepare(State.Carry, steps);
        _inputs.AsSpan(start * f, steps * f).CopyTo(request.Inputs);
        return model.Batcher.Submit(request);
    }

    /// <summary>The outputs of the run of steps [start, end) that just ended, and the weights version it ran on.</summary>
    private void Collect(int start, int end)
    {
        int p = _predicted.Length, width = _model!.Definition.OutputWidth;
        var outputs = _request!.Outputs;
        for (int k = start; k < end; k++)
        {
            var step = outputs.AsSpan((k - start) * width, width);
            step[..p].CopyTo(_outputs.AsSpan(k * p, p));
            for (int i = 0; i < p; i++) _sigmas[k * p + i] = width > p ? GaussianNll.Scale(step[p + i]) : 1f;
        }
        State.ModelVersion = _request.Version;
    }

    private StepRequest Request() => _request ??= new StepRequest(_model!.Definition.InputWidth, _model.Definition.OutputWidth);

    /// <summary>
    /// Writes step <paramref name="h"/> of a forecast: the summed predicted <paramref name="change"/> and its 80%
    /// interval, the one-step interval (in units of the network's scale) times the spread of the summed changes,
    /// √<paramref name="variance"/>, as for a sum of independent errors (√(h+1) one-step intervals without a scale head).
    /// </summary>
    private void WritePrediction(ReadOnlySpan<float> change, int h, ReadOnlySpan<float> variance, float[] values, float[] lower, float[] upper)
    {
        int p = _predicted.Length;
        for (int i = 0; i < p; i++)
        {
            int j = _predicted[i];
            float value = State.LastBase[i] + change[i] * State.LastDeviation[i], spread = MathF.Sqrt(variance[i]);
            values[h * p + i] = _scaler!.Untransform(j, value);
            lower[h * p + i] = _scaler.Untransform(j, value + spread * IntervalTracker.Lower(State.Interval, i) * State.LastDeviation[i]);
            upper[h * p + i] = _scaler.Untransform(j, value + spread * IntervalTracker.Upper(State.Interval, i) * State.LastDeviation[i]);
        }
    }

    private static void Grow(ref float[] buffer, int length)
    {
        if (buffer.Length < length) buffer = new float[Math.Max(length, 2 * buffer.Length)];
    }
}
