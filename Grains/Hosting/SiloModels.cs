using System.Collections.Concurrent;
using System.Diagnostics;
using LstmActors.Grains.Monitoring;
using LstmActors.Grains.Training;
using Microsoft.Extensions.Logging;

namespace LstmActors.Grains.Hosting;

/// <summary>
/// The silo-local side of every model this silo serves (one per silo, a singleton of its host): per model a step
/// batcher and a gradient worker, created when the silo's first series of that model activates, stopped with the silo.
/// </summary>
public sealed class SiloModels : IDisposable
{
    private readonly IGrainFactory _grains;
    private readonly GrainsOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Lazy<Task<SiloModel>>> _models = new(StringComparer.Ordinal);
    private readonly Timer _sampler;
    private bool _disposed;

    /// <summary>The models of the silo <paramref name="silo"/> describes.</summary>
    public SiloModels(IGrainFactory grains, GrainsOptions options, ILoggerFactory loggers, ILocalSiloDetails silo)
    {
        _grains = grains;
        SiloId = silo.SiloAddress.ToParsableString();
        _options = options;
        _logger = loggers.CreateLogger("LstmActors.Grains.SiloModels");
        _sampler = new Timer(_ => SampleTickRates(), null, TickRateMeter.SamplePeriod, TickRateMeter.SamplePeriod);
    }

    /// <summary>This silo's address (unique per silo incarnation, as Orleans writes it): its identity in gradient contributions and series status.</summary>
    public string SiloId { get; }

    /// <summary>Names of the models this silo serves so far.</summary>
    public IReadOnlyList<string> Models => _models.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>Steps run so far by this silo's batcher of <paramref name="model"/>, and the weights version it holds (0, 0 if it serves none).</summary>
    public (long Steps, long Batches, int Version) BatcherFigures(string model) =>
        _models.TryGetValue(model, out var lazy) && lazy.Value.IsCompletedSuccessfully
            ? (lazy.Value.Result.Batcher.Steps, lazy.Value.Result.Batcher.Batches, lazy.Value.Result.Batcher.LatestVersion)
            : (0, 0, 0);

    /// <summary>Per model this silo serves (by name): its batcher's recent tick rate and its step and batch totals.</summary>
    public ModelTicks[] Ticks() =>
        Started().OrderBy(m => m.Definition.Name, StringComparer.Ordinal).Select(m =>
        {
            var (rate, meanBatch, interval) = m.TickRate.Read();
            return new ModelTicks(m.Definition.Name, rate, m.Batcher.Steps, m.Batcher.Batches, meanBatch, interval.TotalSeconds, m.Evaluation.Read());
        }).ToArray();

    /// <summary>The silo's runtime of model <paramref name="name"/>: joins the model grain and starts the batcher on first use.</summary>
    internal async Task<SiloModel> GetAsync(string name)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        // Started off the calling grain's context: the model's observer reference can only be made outside a grain.
        var lazy = _models.GetOrAdd(name, n => new Lazy<Task<SiloModel>>(() => Task.Run(() => CreateAsync(n))));
        try
        {
            return await lazy.Value;
        }
        catch
        {
            // A failed start (unknown model, grain unreachable) is not remembered: the next series tries again.
            _models.TryRemove(new KeyValuePair<string, Lazy<Task<SiloModel>>>(name, lazy));
            throw;
        }
    }

    private async Task<SiloModel> CreateAsync(string name)
    {
        var grain = _grains.GetGrain<IModelGrain>(name);
        var definition = await grain.GetDefinition();
        var version = await grain.Join(SiloId);
        return new SiloModel(definition, version, _grains, SiloId, _options, _logger);
    }

    /// <summary>Reads every batcher's counters on the sampling timer, so the tick path itself never measures anything.</summary>
    private void SampleTickRates()
    {
        var now = Stopwatch.GetTimestamp();
        foreach (var model in Started()) model.TickRate.Sample(now, model.Batcher.Steps, model.Batcher.Batches);
    }

    private IEnumerable<SiloModel> Started() =>
        _models.Values.Where(lazy => lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully).Select(lazy => lazy.Value.Result);

    /// <summary>Stops the sampling timer and every batcher and gradient worker.</summary>
    public void Dispose()
    {
        _disposed = true;
        _sampler.Dispose();
        foreach (var model in Started()) model.Dispose();
    }
}
