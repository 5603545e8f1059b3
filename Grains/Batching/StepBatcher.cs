using System.Collections.Concurrent;
using System.Diagnostics;
using LstmActors.Grains.Models;
using LstmActors.Grains.Monitoring;

namespace LstmActors.Grains.Batching;

/// <summary>
/// Cellular batching of one model's steps on one silo. Series submit runs of steps; a dedicated thread repeatedly takes
/// one pending step of every series with work (newcomers join the next batch as soon as they arrive), gathers their
/// inputs and carries into contiguous rows, makes ONE batched engine call, and scatters outputs and new carries back.
/// A new weights version is installed only between batches.
/// </summary>
internal sealed class StepBatcher : IDisposable
{
    private readonly InferenceNetwork _network;
    private readonly BatcherOptions _options;
    private readonly ConcurrentQueue<StepTicket> _incoming = new();
    private readonly ManualResetEventSlim _signal = new(false);
    private readonly List<StepTicket> _active = [];
    private readonly Thread _thread;
    private readonly int _f, _h, _p, _layers, _states, _carryLength;
    private ModelVersion? _pending;
    private volatile bool _stopping;
    // 1 while the batcher thread is about to block or blocked on _signal: only then does a submit need to wake it.
    private int _sleeping;
    private long _batches, _steps;
    private int _resident;
    private readonly bool[] _leaving;
    private readonly List<StepTicket> _finished = [];
    private readonly KeyValuePair<string, object?> _modelTag;

    /// <summary>Starts the batcher thread for <paramref name="definition"/> with <paramref name="initial"/> weights.</summary>
    public StepBatcher(ModelDefinition definition, ModelVersion initial, BatcherOptions options)
    {
        _options = options;
        _f = definition.InputWidth;
        _h = definition.Units;
        _p = definition.OutputWidth;
        _layers = definition.Layers;
        _states = definition.StatesPerLayer;
        _carryLength = definition.CarryLength;
        _modelTag = LstmActorsMeter.ModelTag(definition.Name);
        _network = new InferenceNetwork(definition, options.MaxBatch, options.KernelThreads);
        _network.Install(initial);
        _leaving = new bool[_network.Capacity];
        _thread = new Thread(Run) { IsBackground = true, Name = $"step batcher {definition.Name}" };
        _thread.Start();
    }

    /// <summary>The newest weights version handed to the batcher (installed before its next batch).</summary>
    public int LatestVersion => Volatile.Read(ref _pending)?.Version ?? _network.Version;

    /// <summary>Batched engine calls made so far.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Series steps advanced so far.</summary>
    public long Steps => Interlocked.Read(ref _steps);

    /// <summary>Queues a prepared request; it joins the next batch. The task ends when all its steps ran.</summary>
    public ValueTask Submit(StepRequest request)
    {
        if (_stopping) throw new ObjectDisposedException(nameof(StepBatcher), "The step batcher is stopped (its silo is shutting down).");
        if (request.Carry.Length != _carryLength)
            throw new ArgumentException($"Carry has {request.Carry.Length} floats; the model needs {_layers} layers × {_states} states × {_h} units = {_carryLength}.");
        if (request.Steps <= 0) throw new ArgumentException($"A step request needs at least one step, got {request.Steps}.");
        var ticket = new StepTicket(request);
        _incoming.Enqueue(ticket);
        if (Volatile.Read(ref _sleeping) == 1) _signal.Set();
        // Stopped in the meantime: the loop may have drained its queue already, so fail what is left here.
        if (_stopping) FailQueued(new ObjectDisposedException(nameof(StepBatcher), "The step batcher stopped (its silo is shutting down)."));
        return ticket.Completion;
    }

    /// <summary>Hands the batcher a newer weights version; older or equal versions are ignored.</summary>
    public void Publish(ModelVersion version)
    {
        while (true)
        {
            var current = Volatile.Read(ref _pending);
            if (version.Version <= (current?.Version ?? _network.Version)) return;
            if (Interlocked.CompareExchange(ref _pending, version, current) == current) return;
        }
    }

    private void Run()
    {
        var timer = new Stopwatch();
        while (!_stopping)
        {
            bool fresh = _active.Count == 0;
            Drain();
            if (_active.Count == 0)
            {
                Interlocked.Exchange(ref _sleeping, 1);
                // A submit that saw _sleeping == 0 enqueued before this check, so the queue is not seen empty.
                if (_incoming.IsEmpty && !_stopping) _signal.Wait();
                Volatile.Write(ref _sleeping, 0);
                _signal.Reset();
                continue;
            }
            if (fresh && _options.BatchWait > TimeSpan.Zero) WaitForMore(timer);
            try
            {
                if (Interlocked.Exchange(ref _pending, null) is { } version && version.Version > _network.Version) _network.Install(version);
                StepActive();
            }
            catch (Exception e)
            {
                // A request the failed round had finished may still be active too, or may have left already: fail each once.
                foreach (var ticket in _active.Union(_finished)) ticket.Fail(e);
                _finished.Clear();
                _active.Clear();
                _resident = 0;
                _network.Resize(0);
            }
        }
        FailAll(new ObjectDisposedException(nameof(StepBatcher), "The step batcher stopped (its silo is shutting down)."));
    }

    private void Drain()
    {
        while (_active.Count < _network.Capacity && _incoming.TryDequeue(out var ticket)) _active.Add(ticket);
    }

    /// <summary>
    /// Lets a batch of newcomers fill up until it is full or the wait is over. The wait is far shorter than what the
    /// OS can sleep, so the thread yields its core instead: the series that would join need it to submit.
    /// </summary>
    private void WaitForMore(Stopwatch timer)
    {
        timer.Restart();
        while (_active.Count < _network.Capacity && !_stopping && timer.Elapsed < _options.BatchWait)
        {
            Thread.Yield();
            Drain();
        }
    }

    private void StepActive()
    {
        // Newcomers take the rows after the resident series; their carries are loaded once, on joining.
        int count = _active.Count, stepped = count;
        _network.Resize(count);
        for (int r = _resident; r < count; r++) _network.Load(r, _active[r].Request.Carry);
        _resident = count;

        float[] inputs = _network.Inputs;
        for (int r = 0; r < count; r++)
        {
            var request = _active[r].Request;
            request.Inputs.AsSpan(request.Done * _f, _f).CopyTo(inputs.AsSpan(r * _f, _f));
        }
        long started = Stopwatch.GetTimestamp();
        _network.Step();
        LstmActorsMeter.StepDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, _modelTag);
        float[] outputs = _network.Outputs;
        int version = _network.Version;
        for (int r = 0; r < count; r++)
        {
            var request = _active[r].Request;
            var output = outputs.AsSpan(r * _p, _p);
            output.CopyTo(request.Outputs.AsSpan(request.Done * _p, _p));
            request.Version = version;
            request.Done++;
            _leaving[r] = request.Done == request.Steps;
            if (!_leaving[r])
            {
                request.Feedback?.Next(request.Done - 1, request.Inputs.AsSpan((request.Done - 1) * _f, _f), output, request.Inputs.AsSpan(request.Done * _f, _f));
            }
            else
            {
                _network.Store(r, request.Carry);
                _finished.Add(_active[r]);
            }
        }

        // Finished series leave; the last resident row fills each hole.
        for (int r = 0; r < count;)
        {
            if (!_leaving[r])
            {
                r++;
                continue;
            }
            int last = count - 1;
            if (r != last)
            {
                _network.Move(last, r);
                _active[r] = _active[last];
                _leaving[r] = _leaving[last];
            }
            _active.RemoveAt(last);
            count--;
        }

        // Completed only now: a series may reuse its request as soon as it is told, so the batcher must be done with it.
        foreach (var ticket in _finished) ticket.Complete();
        _finished.Clear();
        _network.Resize(count);
        _resident = count;
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _steps, stepped);
        LstmActorsMeter.Predictions.Add(stepped, _modelTag);
        LstmActorsMeter.BatchSize.Record(stepped, _modelTag);
    }

    private void FailAll(Exception error)
    {
        foreach (var ticket in _active) ticket.Fail(error);
        _active.Clear();
        FailQueued(error);
    }

    private void FailQueued(Exception error)
    {
        while (_incoming.TryDequeue(out var ticket)) ticket.Fail(error);
    }

    /// <summary>Stops the thread; requests still pending fail with <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (_stopping) return;
        _stopping = true;
        _signal.Set();
        _thread.Join();
        _signal.Dispose();
    }
}
