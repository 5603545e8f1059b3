using LstmActors.Silo.Configuration;
using Microsoft.Extensions.Hosting;

if (SiloCommandLine.WantsHelp(args))
{
    Console.WriteLine(SiloCommandLine.Help);
    return 0;
}

IHost host;
try
{
    SiloCommandLine.Validate(args);
    host = LstmActors.Silo.SiloHostBuilder.Build(args);
}
catch (SiloConfigurationException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}

try
{
    // The host's console lifetime turns Ctrl-C and SIGTERM into a graceful stop: Orleans deactivates every grain (series save their state) and leaves the cluster.
    await host.RunAsync();
    return 0;
}
catch (SiloConfigurationException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
catch (Exception e) when (e is not OperationCanceledException)
{
    Console.Error.WriteLine($"error: the silo stopped: {e.GetType().Name}: {e.Message}");
    return 2;
}
