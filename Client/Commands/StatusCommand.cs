using System.CommandLine;
using System.Globalization;
using LstmActors.Client.Cluster;
using LstmActors.Client.Models;
using LstmActors.Client.Streaming;
using LstmActors.Grains.Models;
using LstmActors.Grains.Monitoring;
using LstmActors.Grains.Training;
using Spectre.Console;

namespace LstmActors.Client.Commands;

/// <summary><c>status</c>: every silo with its activations per grain class, live tick rate per model and web page, and the cluster as its models see it — silos serving each model, version, optimizer steps, recent loss, live ticks/s summed over silos and training throughput.</summary>
public static class StatusCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create(CliConsole console)
    {
        var models = new Option<string[]>("--model") { Description = "Models to report (default: the built-in ones); repeat for several", HelpName = "name", AllowMultipleArgumentsPerToken = true };
        var cluster = ClusterArguments.GatewayOnly();
        var command = new Command("status", "Show silos with their activations and live ticks/s, silos serving each model, versions, losses, ticks/s and training throughput") { models };
        cluster.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var target = cluster.Read(parse);
            var names = parse.GetValue(models) is { Length: > 0 } given ? given : BuiltInModels.All.Select(m => m.Name).ToArray();
            await using var connection = await ClusterConnection.OpenAsync(target, cancellationToken);
            SiloRow[] silos;
            try
            {
                silos = await SiloRow.ReadAsync(connection.Client);
            }
            catch (Exception e)
            {
                throw GrainErrors.Translate(e, "the management grain");
            }
            SiloTicks[] ticks;
            try
            {
                // Each silo measures its own batchers; its ticks grain lives on it, keyed by its address. Only an active silo can answer.
                ticks = await Task.WhenAll(silos.Select(s => s.Status == SiloStatus.Active
                    ? connection.Client.GetGrain<ISiloTicksGrain>(s.Silo).GetTicks()
                    : Task.FromResult(new SiloTicks(s.Silo, []))));
            }
            catch (Exception e)
            {
                throw GrainErrors.Translate(e, "the silos' tick rates");
            }
            var rows = new List<ModelRow>();
            foreach (var name in names)
            {
                ModelStatus status;
                try
                {
                    status = await connection.Client.GetGrain<IModelGrain>(name).Status();
                }
                catch (Exception e) when (ModelSelection.IsUndefined(e))
                {
                    throw new InputException($"model '{name}' is not defined in this cluster");
                }
                catch (Exception e)
                {
                    throw GrainErrors.Translate(e, $"model '{name}'");
                }
                rows.Add(ModelRow.From(status, ticks.SelectMany(t => t.Models).Where(m => m.Model == name).ToArray()));
            }
            if (CliConsole.WantsJson(parse))
            {
                console.WriteJson(new
                {
                    cluster = target.ToString(),
                    silos = silos.Zip(ticks, (s, t) => new { silo = s.Silo, name = s.Name, status = s.StatusText, running = s.Status == SiloStatus.Active, activations = s.Activations, ticks = t.Models, web = t.Web }),
                    models = rows,
                });
                return ExitCodes.Ok;
            }
            console.WriteLine($"Cluster reached through {target}.");
            var siloTable = new Table().AddColumns("silo", "name", "status", "activations", "ticks/s");
            foreach (var (s, t) in silos.Zip(ticks))
            {
                var activations = s.Activations.OrderBy(a => a.Key, StringComparer.Ordinal)
                    .Select(a => $"{ShortName(a.Key)} {a.Value.ToString(CultureInfo.InvariantCulture)}");
                var rates = t.Models.Select(m => $"{m.Model} {Rate(m.TicksPerSecond)}");
                siloTable.AddRow(Markup.Escape(s.Silo), Markup.Escape(s.Name), s.StatusText,
                    Markup.Escape(string.Join(", ", activations)), t.Models.Length == 0 ? "-" : Markup.Escape(string.Join(", ", rates)));
            }
            console.Ansi.Write(siloTable);
            foreach (var (s, t) in silos.Zip(ticks).Where(p => p.Second.Web is not null))
                console.WriteLine($"silo {s.Name}: live page {t.Web}/ (Orleans Dashboard {t.Web}/dashboard/, metrics {t.Web}/metrics)");
            var table = new Table().AddColumns("model", "silos", "version", "optimizer steps", "dropped", "loss", "ticks/s", "training windows/s", "error vs naive", "80% coverage", "anomalies", "seasons found");
            foreach (var r in rows)
            {
                table.AddRow(Markup.Escape(r.Model), r.Silos.Count.ToString(CultureInfo.InvariantCulture), r.Version.ToString(CultureInfo.InvariantCulture),
                    r.Steps.ToString(CultureInfo.InvariantCulture), r.Dropped.ToString(CultureInfo.InvariantCulture),
                    r.Loss is float loss ? loss.ToString("0.0000", CultureInfo.InvariantCulture) : "-",
                    Rate(r.TicksPerSecond), r.TrainingWindowsPerSecond is double rate ? Rate(rate) : "-",
                    r.ErrorVsNaive is double ratio ? ratio.ToString("0.000", CultureInfo.InvariantCulture) : "-",
                    r.IntervalCoverage is double coverage ? coverage.ToString("P0", CultureInfo.InvariantCulture) : "-", r.Anomalies.ToString(CultureInfo.InvariantCulture),
                    r.SeasonsText());
            }
            console.Ansi.Write(table);
            foreach (var silo in rows.SelectMany(r => r.Silos).Distinct().Order(StringComparer.Ordinal))
                console.WriteLine($"silo {silo}: serves {string.Join(", ", rows.Where(r => r.Silos.Contains(silo)).Select(r => r.Model))}");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The class name without its namespace, for the table (JSON keeps full names).</summary>
    private static string ShortName(string typeName) => typeName[(typeName.LastIndexOf('.') + 1)..];

    private static string Rate(double perSecond) => perSecond.ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>One silo as Orleans' management grain reports it: address, name, membership status, activations per grain class.</summary>
    private sealed record SiloRow(string Silo, string Name, SiloStatus Status, IReadOnlyDictionary<string, int> Activations)
    {
        /// <summary>The status as the table shows it.</summary>
        public string StatusText => Status switch
        {
            SiloStatus.Active => "running",
            SiloStatus.ShuttingDown or SiloStatus.Stopping => "stopping",
            _ => Status.ToString().ToLowerInvariant(),
        };

        /// <summary>A grain class's full name without its assembly (Orleans reports "Namespace.Class,Assembly").</summary>
        private static string ClassName(string grainType) => grainType.Split(',')[0];

        /// <summary>Every silo of the cluster that is not dead, with its activations.</summary>
        public static async Task<SiloRow[]> ReadAsync(IGrainFactory grains)
        {
            var management = grains.GetGrain<IManagementGrain>(0);
            var hosts = await management.GetDetailedHosts();
            var statistics = await management.GetSimpleGrainStatistics();
            return hosts.Where(h => h.Status != SiloStatus.Dead).OrderBy(h => h.SiloName, StringComparer.Ordinal).ThenBy(h => h.SiloAddress.ToParsableString(), StringComparer.Ordinal)
                .Select(h => new SiloRow(h.SiloAddress.ToParsableString(), h.SiloName, h.Status,
                    statistics.Where(g => g.SiloAddress.Equals(h.SiloAddress)).GroupBy(g => ClassName(g.GrainType)).ToDictionary(g => g.Key, g => g.Sum(x => x.ActivationCount))))
                .ToArray();
        }
    }

    /// <summary>
    /// One model's line of the status: ticks/s, ticks and batches are summed over the silos' batchers, and its series'
    /// online evaluation (squared error ÷ the naive forecast's, 80% interval coverage, anomalies, and per seasonal period
    /// the series that found it in their first changes) over the silos' scores.
    /// </summary>
    private sealed record ModelRow(string Model, IReadOnlyList<string> Silos, int Version, long Steps, long Dropped, float? Loss,
        double TicksPerSecond, long Ticks, long Batches, double? TrainingWindowsPerSecond, double? ErrorVsNaive, double? IntervalCoverage, long Anomalies,
        IReadOnlyDictionary<int, long> SeasonsFound)
    {
        public static ModelRow From(ModelStatus status, IReadOnlyList<ModelTicks> perSilo)
        {
            var losses = status.RecentLosses;
            double? rate = null;
            if (losses.Count >= 2 && losses[^1].Time > losses[0].Time)
                rate = losses.Skip(1).Sum(l => l.Samples) / (losses[^1].Time - losses[0].Time).TotalSeconds;
            var scores = perSilo.Where(t => t.Score is not null).Select(t => t.Score!).ToArray();
            double naive = scores.Sum(s => s.NaiveErrorSum);
            long outcomes = scores.Sum(s => s.IntervalOutcomes);
            return new ModelRow(status.Definition.Name, status.ActiveSilos, status.Version, status.Steps, status.DroppedContributions,
                losses.Count == 0 ? null : losses[^1].Loss, perSilo.Sum(t => t.TicksPerSecond), perSilo.Sum(t => t.Ticks), perSilo.Sum(t => t.Batches), rate,
                naive > 0 ? scores.Sum(s => s.ErrorSum) / naive : null, outcomes > 0 ? (double)scores.Sum(s => s.IntervalHits) / outcomes : null, scores.Sum(s => s.Anomalies),
                scores.SelectMany(s => s.SeasonsFound ?? []).GroupBy(p => p.Key).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Sum(p => p.Value)));
        }

        /// <summary>The seasons found, as the table shows them: "12 (40 series), 9 (1 series)".</summary>
        public string SeasonsText() => SeasonsFound.Count == 0 ? "-"
            : string.Join(", ", SeasonsFound.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} ({p.Value} series)")));
    }
}
