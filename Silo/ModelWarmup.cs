using LstmActors.Grains.Models;
using LstmActors.Grains.Training;
using LstmActors.Silo.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LstmActors.Silo;

/// <summary>
/// Once the silo runs, makes sure the models it was told to serve exist: a model file from <c>lstmactors fit</c> is
/// installed as the starting weights of a model the cluster does not know yet (an existing model keeps its trained
/// weights); a built-in model is activated.
/// </summary>
internal sealed class ModelWarmup(SiloSettings settings, IGrainFactory grains, ILogger<ModelWarmup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var model in settings.Models)
        {
            var grain = grains.GetGrain<IModelGrain>(model.Name);
            var existing = await grain.FindDefinition();
            if (existing is not null)
            {
                var latest = await grain.GetLatest();
                logger.LogInformation("Serving model {Model} at version {Version}{Kept}", model.Name, latest.Version,
                    model.WeightsFile is null ? "" : $" (already trained in this cluster; {model.WeightsFile} not loaded)");
                continue;
            }
            if (model.WeightsFile is null)
                throw new SiloConfigurationException($"{SiloSettings.Section}:Models: model '{model.Name}' is neither built in ({string.Join(", ", BuiltInModels.All.Select(m => m.Name))}) nor given a model file (name=file)");
            FittedModelFile fitted;
            try
            {
                fitted = FittedModelFile.Load(model.WeightsFile);
            }
            catch (ModelFileException e)
            {
                throw new SiloConfigurationException($"{SiloSettings.Section}:Models: {e.Message}");
            }
            var installed = await fitted.InstallAsync(grains, fitted.Named(model.Name));
            logger.LogInformation("Serving model {Model} from {File} as version {Version}", model.Name, model.WeightsFile, installed.Version);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
