using Runtime.Tests.Grains;
using Runtime.Tests.Infrastructure;

namespace Runtime.Tests;

[Collection(ClusterCollection.Name)]
public sealed class TurnTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Non_reentrant_turns_never_overlap_and_run_in_arrival_order()
    {
        var grain = fixture.Cluster.Client.GetGrain<ITurnGrain>($"turns-{Guid.NewGuid():N}");
        // Issued in order from one caller without waiting: arrival order is issue order.
        var calls = Enumerable.Range(0, 200).Select(grain.Work).ToArray();
        await Task.WhenAll(calls);

        Assert.Equal(1, await grain.MaxConcurrentTurns());
        Assert.Equal(Enumerable.Range(0, 200), await grain.Sequence());
    }

    [Fact]
    public async Task A_turn_whose_task_ends_off_the_activation_still_ends_before_the_next_starts_and_answers_its_caller()
    {
        var grain = fixture.Cluster.Client.GetGrain<ITurnGrain>($"turns-off-{Guid.NewGuid():N}");
        var calls = Enumerable.Range(0, 200).Select(grain.WorkOffContext).ToArray();

        Assert.Equal(Enumerable.Range(0, 200), await Task.WhenAll(calls));
        Assert.Equal(1, await grain.MaxConcurrentTurns());
        Assert.Equal(Enumerable.Range(0, 200), await grain.Sequence());
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => grain.FailOffContext("off the activation"));
        Assert.Contains("off the activation", failure.Message);
        Assert.Equal(200, await grain.WorkOffContext(200));
    }

    [Fact]
    public async Task Concurrent_callers_in_a_silo_and_from_other_grains_never_overlap()
    {
        string key = $"turns-mixed-{Guid.NewGuid():N}";
        var silos = fixture.Cluster.Silos;
        var calls = Enumerable.Range(0, 300).Select(i => Task.Run(() => (i % 3) switch
        {
            0 => fixture.Cluster.Client.GetGrain<ITurnGrain>(key).Work(i),
            1 => silos[i % silos.Count].GrainFactory.GetGrain<ITurnGrain>(key).Work(i),
            _ => silos[i % silos.Count].GrainFactory.GetGrain<IBehaviourGrain>($"relay-{i % 7}").CallTurnGrain(key, i),
        }));
        await Task.WhenAll(calls);

        var grain = fixture.Cluster.Client.GetGrain<ITurnGrain>(key);
        Assert.Equal(1, await grain.MaxConcurrentTurns());
        Assert.Equal(Enumerable.Range(0, 300), (await grain.Sequence()).Order());
    }

    [Fact]
    public async Task Reentrant_grain_interleaves_turns()
    {
        var grain = fixture.Cluster.Client.GetGrain<IReentrantTurnGrain>($"reentrant-{Guid.NewGuid():N}");
        // Each call waits until all five are inside: only possible when turns interleave.
        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => grain.Rendezvous(5)));
        Assert.All(results, max => Assert.Equal(5, max));
    }

    [Fact]
    public async Task Always_interleave_method_runs_while_a_non_reentrant_turn_waits_and_ordinary_calls_queue()
    {
        var grain = fixture.Cluster.Client.GetGrain<ITurnGrain>($"interleave-{Guid.NewGuid():N}");
        var blocked = grain.Block();
        await Eventually.HoldsAsync(() => grain.IsBlocked(), "the first turn is blocked");
        var queued = grain.Work(1);
        Assert.True(await grain.IsBlocked());
        Assert.False(queued.IsCompleted);

        await grain.Release();
        await blocked;
        await queued;
        Assert.Equal([1], await grain.Sequence());
        Assert.Equal(1, await grain.MaxConcurrentTurns());
    }
}
