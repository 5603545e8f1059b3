using Microsoft.Extensions.Logging;

namespace LstmActors.Silo.Storage;

/// <summary>
/// Applies Orleans' scripts to one database as the silo's first start-up step, before Orleans' clustering or storage
/// reads its tables; a database that cannot be reached stops the silo there, naming it.
/// </summary>
internal sealed class OrleansSchemaStartup(string database, Func<CancellationToken, Task<IReadOnlyList<string>>> apply, ILogger<OrleansSchemaStartup> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(OrleansSchemaStartup), ServiceLifecycleStage.First, ApplyAsync);

    private async Task ApplyAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<string> applied;
        try
        {
            applied = await apply(cancellationToken);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or IOException)
        {
            throw new InvalidOperationException($"cannot prepare Orleans' tables in {database}: {e.Message}", e);
        }
        if (applied.Count > 0)
            logger.LogInformation("Created Orleans' tables in {Database} ({Scripts})", database, string.Join(", ", applied));
    }
}
