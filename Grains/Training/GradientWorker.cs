using LstmActors.Engine.Models;
using LstmActors.Engine.Tensors;
using LstmActors.Grains.Hosting;
using LstmActors.Grains.Models;
using Microsoft.Extensions.Logging;

namespace LstmActors.Grains.Training;

/// <summary>
/// A silo's gradient worker for one model: collects the training windows of the silo's series, runs one batched
/// truncated-BPTT pass over them on the newest weights it has, and sends ONE summed gradient to the model grain; one
/// contribution is in flight at a time, and windows that arrive meanwhile go into the next. A contribution waits for a
/// batch of windows (<see cref="GrainsOptions.MinWindowsPerContribution"/>), or for the stream to pause.
/// </summary>
internal sealed class GradientWorker
{
    private readonly ModelDefinition _definition;
    private readonly IModelGrain _model;
    private readonly string _silo;
    private readonly int _minWindows, _maxWindows;
    private readonly TimeSpan _delay;
    private readonly Action<ModelVersion> _publish;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly List<TrainingWindow> _pending = [];
    private readonly WindowGradients _gradients;
    private ModelVersion _latest;
    private int _contributedVersion;
    private bool _running, _stopped, _flushScheduled;
    private long _contributions, _failures;

    public GradientWorker(ModelDefinition definition, ModelVersion initial, IModelGrain model, string silo, GrainsOptions options,
        Action<ModelVersion> publish, ILogger logger)
    {
        _definition = definition;
        _latest = initial;
        _contributedVersion = initial.Version;
        _model = model;
        _silo = silo;
        _minWindows = options.MinWindowsPerContribution;
        _maxWindows = options.MaxWindowsPerContribution;
        _delay = options.ContributionDelay;
        _publish = publish;
        _logger = logger;
        _gradients = new WindowGradients(definition);
    }

    /// <summary>Contributions sent so far.</summary>
    public long Contributions => Interlocked.Read(ref _contributions);

    /// <summary>Contributions that failed to reach the model grain (their windows are dropped).</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Queues a finished window; starts a contribution once a batch is gathered, unless one is in flight.</summary>
    public void Add(TrainingWindow window)
    {
        lock (_lock)
        {
            if (_stopped) return;
            _pending.Add(window);
            // Training must not fall ever further behind the stream: beyond a backlog of a few contributions the oldest windows go.
            if (_pending.Count > 4 * _maxWindows) _pending.RemoveRange(0, _pending.Count - 4 * _maxWindows);
            if (_running) return;
            if (_pending.Count < _minWindows && !OwesRound)
            {
                ScheduleFlush();
                return;
            }
            _running = true;
        }
        _ = Task.Run(() => RunAsync(flush: false));
    }

    /// <summary>Takes a newer weights version for the next gradient pass.</summary>
    public void Publish(ModelVersion version)
    {
        lock (_lock)
        {
            if (version.Version > _latest.Version) _latest = version;
        }
    }

    /// <summary>
    /// Synchronous rounds wait for every active silo, so a silo reports to each new version's round even with no
    /// windows (an empty contribution); otherwise a round would wait for its deadline whenever a silo had nothing.
    /// </summary>
    private bool OwesRound => _definition.Training.Mode == TrainingMode.Synchronous && _latest.Version > _contributedVersion;

    /// <summary>Stops contributing; windows still queued are dropped.</summary>
    public void Stop()
    {
        lock (_lock)
        {
            _stopped = true;
            _pending.Clear();
        }
    }

    /// <summary>Contributes what is pending after <see cref="GrainsOptions.ContributionDelay"/>, however few: the stream paused (called under the lock).</summary>
    private void ScheduleFlush()
    {
        if (_flushScheduled) return;
        _flushScheduled = true;
        _ = Task.Run(async () =>
        {
            await Task.Delay(_delay);
            lock (_lock)
            {
                _flushScheduled = false;
                if (_running || _stopped) return;
                _running = true;
            }
            await RunAsync(flush: true);
        });
    }

    private async Task RunAsync(bool flush)
    {
        while (true)
        {
            List<TrainingWindow> batch;
            ModelVersion version;
            lock (_lock)
            {
                bool due = _pending.Count >= _minWindows || flush && _pending.Count > 0 || OwesRound;
                if (_stopped || !due)
                {
                    _running = false;
                    if (!_stopped && _pending.Count > 0) ScheduleFlush();
                    return;
                }
                flush = false;
                int take = Math.Min(_pending.Count, _maxWindows);
                batch = _pending.GetRange(0, take);
                _pending.RemoveRange(0, take);
                version = _latest;
                _contributedVersion = version.Version;
            }
            try
            {
                var contribution = Compute(batch, version);
                var result = await _model.Contribute(contribution);
                Interlocked.Increment(ref _contributions);
                _publish(result.Latest);
            }
            catch (Exception e)
            {
                Interlocked.Increment(ref _failures);
                if (_stopped) return;
                _logger.LogWarning(e, "Gradient contribution of silo {Silo} to model {Model} failed; {Windows} windows dropped.", _silo, _definition.Name, batch.Count);
            }
        }
    }

    /// <summary>The summed gradient of <paramref name="windows"/> on <paramref name="version"/>: one batched BPTT pass (none for no windows).</summary>
    internal GradientContribution Compute(List<TrainingWindow> windows, ModelVersion version)
    {
        if (windows.Count == 0) return new GradientContribution(_silo, version.Version, 0, 0f, new float[version.Weights.Length], []);
        var (sum, lossSum) = _gradients.Sum(windows, version);
        return new GradientContribution(_silo, version.Version, windows.Count, lossSum, sum,
            windows.Select(w => new WindowKey(w.SeriesId, w.StartSequence)).ToList());
    }
}
