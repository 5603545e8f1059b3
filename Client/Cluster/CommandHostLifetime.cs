using Microsoft.Extensions.Hosting;

namespace LstmActors.Client.Cluster;

/// <summary>
/// The lifetime of the Orleans hosts a command starts (client and embedded silos): the command starts and stops them
/// itself. The default console lifetime would take Ctrl-C and SIGTERM away from the command line (which cancels the
/// command and reports it) and hold the process at exit.
/// </summary>
internal sealed class CommandHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
