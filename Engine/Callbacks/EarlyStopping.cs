using LstmActors.Engine.Models;

namespace LstmActors.Engine.Callbacks;

/// <summary>
/// Keras <c>EarlyStopping</c> (mode min): stops when <see cref="Monitor"/> has not fallen by more than
/// <see cref="MinDelta"/> for <see cref="Patience"/> epochs; with <see cref="RestoreBestWeights"/> the best
/// epoch's weights are put back when it stops (as Keras does, not when training simply ends).
/// </summary>
public sealed class EarlyStopping : Callback
{
    private float[]? _bestWeights;
    private int _wait;

    /// <summary>Creates the callback with Keras defaults (val_loss, patience 0, min delta 0).</summary>
    public EarlyStopping(string monitor = "val_loss", int patience = 0, bool restoreBestWeights = false, float minDelta = 0f)
    {
        if (monitor is not ("loss" or "val_loss"))
            throw new ArgumentException($"EarlyStopping can monitor 'loss' or 'val_loss', got '{monitor}'.", nameof(monitor));
        if (patience < 0) throw new ArgumentOutOfRangeException(nameof(patience), patience, "Patience cannot be negative.");
        Monitor = monitor;
        Patience = patience;
        RestoreBestWeights = restoreBestWeights;
        MinDelta = Math.Abs(minDelta);
    }

    /// <summary>The log entry watched: "loss" or "val_loss".</summary>
    public string Monitor { get; }

    /// <summary>Epochs without improvement tolerated before stopping.</summary>
    public int Patience { get; }

    /// <summary>Whether the best epoch's weights are restored on stopping.</summary>
    public bool RestoreBestWeights { get; }

    /// <summary>Smallest decrease that counts as an improvement.</summary>
    public float MinDelta { get; }

    /// <summary>Best value seen in the current fit.</summary>
    public float Best { get; private set; }

    /// <summary>Epoch (from 0) of <see cref="Best"/>.</summary>
    public int BestEpoch { get; private set; }

    /// <summary>Epoch (from 0) at which training was stopped, or -1.</summary>
    public int StoppedEpoch { get; private set; } = -1;

    /// <inheritdoc />
    public override void OnTrainBegin(Model model)
    {
        _wait = 0;
        _bestWeights = null;
        Best = float.PositiveInfinity;
        BestEpoch = 0;
        StoppedEpoch = -1;
    }

    /// <inheritdoc />
    public override void OnEpochEnd(Model model, int epoch, IReadOnlyDictionary<string, float> logs)
    {
        if (!logs.TryGetValue(Monitor, out float current))
            throw new InvalidOperationException(
                $"EarlyStopping monitors '{Monitor}' but the epoch logs only have {string.Join(", ", logs.Keys)}" +
                (Monitor == "val_loss" ? " (give Fit a validationSplit)." : "."));
        _wait++;
        if (current < Best - MinDelta)
        {
            Best = current;
            BestEpoch = epoch;
            if (RestoreBestWeights) _bestWeights = model.GetWeights();
            _wait = 0;
            return;
        }
        if (_wait >= Patience && epoch > 0)
        {
            StoppedEpoch = epoch;
            model.StopTraining = true;
            if (RestoreBestWeights && _bestWeights is not null) model.SetWeights(_bestWeights);
        }
    }
}
