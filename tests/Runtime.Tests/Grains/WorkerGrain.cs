using System.Collections.Concurrent;
using LstmActors.Runtime;

namespace Runtime.Tests.Grains;

public interface IWorkerGrain : IGrainWithStringKey
{
    /// <summary>Blocks until the test opens <see cref="WorkerGrain.Gate"/>; returns the activation's id.</summary>
    Task<string> Work();
}

[StatelessWorker(3)]
public sealed class WorkerGrain : Grain, IWorkerGrain
{
    public static TaskCompletionSource Gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public static int Inside;
    public static int MaxInside;
    public static readonly ConcurrentDictionary<string, byte> Activations = new();
    private readonly string _id = Guid.NewGuid().ToString("N");

    public async Task<string> Work()
    {
        Activations[_id] = 0;
        int inside = Interlocked.Increment(ref Inside);
        int max;
        while ((max = Volatile.Read(ref MaxInside)) < inside && Interlocked.CompareExchange(ref MaxInside, inside, max) != max)
        {
        }
        await Gate.Task;
        Interlocked.Decrement(ref Inside);
        return _id;
    }
}
