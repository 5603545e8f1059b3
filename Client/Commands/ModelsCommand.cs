using System.CommandLine;
using System.Globalization;
using LstmActors.Client.Cluster;
using LstmActors.Client.Models;
using LstmActors.Client.Streaming;
using LstmActors.Grains.Catalog;
using LstmActors.Grains.Models;
using LstmActors.Grains.Training;
using Spectre.Console;

namespace LstmActors.Client.Commands;

/// <summary><c>models [NAME...] [--load FILE]</c>: describes models (every model in the cluster's catalog unless named) or installs a fitted model file.</summary>
public static class ModelsCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create(CliConsole console)
    {
        var names = new Argument<string[]>("names") { Description = "Models to describe (default: the built-in ones and every model defined in the cluster)", Arity = ArgumentArity.ZeroOrMore };
        var load = new Option<string?>("--load") { Description = "Install a model file from 'lstmactors fit' as its model's starting weights (name: the first NAME or the file's)", HelpName = "file" };
        var cluster = ClusterArguments.GatewayOnly();
        var command = new Command("models", "List and describe models, or load fitted weights into the cluster") { names, load };
        cluster.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var target = cluster.Read(parse);
            var requested = parse.GetValue(names) ?? [];
            var fitted = parse.GetValue(load) is { } file ? FittedModelFile.Load(file) : null;
            await using var connection = await ClusterConnection.OpenAsync(target, cancellationToken);
            if (fitted is not null)
            {
                var definition = fitted.Named(requested.FirstOrDefault());
                ModelVersion version;
                try
                {
                    version = await fitted.InstallAsync(connection.Client, definition);
                }
                catch (Exception e)
                {
                    throw GrainErrors.Translate(e, $"{parse.GetValue(load)}: model '{definition.Name}'");
                }
                if (!CliConsole.WantsJson(parse)) console.WriteLine($"Loaded {parse.GetValue(load)} into model '{version.Model}' as version {version.Version}.");
                requested = [version.Model];
            }
            List<RegisteredModel> catalog;
            try
            {
                catalog = await connection.Client.GetGrain<IModelCatalogGrain>(IModelCatalogGrain.Key).List();
            }
            catch (Exception e)
            {
                throw GrainErrors.Translate(e, "model catalog");
            }
            var shown = requested.Length > 0 ? requested : catalog.Select(m => m.Name).ToArray();
            var statuses = new List<ModelStatus>();
            foreach (var name in shown)
            {
                try
                {
                    statuses.Add(await connection.Client.GetGrain<IModelGrain>(name).Status());
                }
                catch (Exception e)
                {
                    throw GrainErrors.Translate(ModelSelection.IsUndefined(e) ? new InputException($"model '{name}' is not defined in this cluster") : e, $"model '{name}'");
                }
            }
            if (CliConsole.WantsJson(parse))
            {
                foreach (var s in statuses)
                    console.WriteJson(new { model = s.Definition.Name, s.Version, s.Steps, definedAt = catalog.Find(m => m.Name == s.Definition.Name)?.DefinedAt, definition = s.Definition });
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumns("model", "features", "predicts", "network", "window", "optimizer", "training", "version", "steps");
            foreach (var s in statuses)
            {
                var d = s.Definition;
                table.AddRow(Markup.Escape(d.Name), Markup.Escape(string.Join(", ", d.Features)), Markup.Escape(string.Join(", ", d.PredictedFeatures)),
                    $"{d.Layers}×{d.Cell.ToString().ToUpperInvariant()}({d.Units}) + Dense({d.PredictedFeatures.Length})", d.WindowLength.ToString(CultureInfo.InvariantCulture),
                    string.Create(CultureInfo.InvariantCulture, $"{d.Optimizer.Name} lr {d.Optimizer.LearningRate}"), d.Training.Mode.ToString().ToLowerInvariant(),
                    s.Version.ToString(CultureInfo.InvariantCulture), s.Steps.ToString(CultureInfo.InvariantCulture));
            }
            console.Ansi.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }
}
