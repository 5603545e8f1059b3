using LstmActors.Runtime.Hosting;
using LstmActors.Runtime.Persistence;
using LstmActors.Runtime.Testing;
using Microsoft.Extensions.Logging;
using Runtime.Tests.Grains;

namespace Runtime.Tests.Infrastructure;

/// <summary>A shared two-silo cluster hosting every test grain, with an in-memory storage the tests can reach.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; private set; } = null!;

    public InMemoryGrainStorage Storage { get; } = new();

    public LogCapture Logs { get; } = new();

    public async Task InitializeAsync()
    {
        try
        {
            // No test of the shared cluster stops a silo: slow failure detection keeps a loaded CI machine from voting one out.
            Cluster = await StartAsync(Storage, Logs, options =>
            {
                options.IAmAlivePeriod = TimeSpan.FromSeconds(1);
                options.NumMissedIAmAliveLimit = 60;
                options.ProbeTimeout = TimeSpan.FromSeconds(2);
                options.NumMissedProbesLimit = 30;
            });
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"Cluster start failed; log:\n{string.Join("\n", Logs.Lines)}", e);
        }
    }

    public static Task<TestCluster> StartAsync(IGrainStorage storage, LogCapture logs, Action<TestClusterOptions>? configure = null)
        => TestCluster.StartAsync(options =>
        {
            options.ConfigureSilo = silo => silo
                .AddGrain<IdentityGrain>().AddGrain<TurnGrain>().AddGrain<ReentrantTurnGrain>().AddGrain<WorkerGrain>()
                .AddGrain<LifecycleGrain>().AddGrain<BehaviourGrain>().AddGrain<CounterGrain>().AddGrain<PingGrain>()
                .AddGrain<FaultyActivationGrain>().AddGrain<HandOffGrain>().AddGrain<NoteGrain>()
                .AddGrainStorage(GrainStorageRegistration.DefaultName, _ => storage);
            options.ConfigureLogging = logging => logging.AddProvider(logs);
            configure?.Invoke(options);
        });

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "shared cluster";
}
