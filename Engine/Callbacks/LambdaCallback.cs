using LstmActors.Engine.Models;

namespace LstmActors.Engine.Callbacks;

/// <summary>Keras <c>LambdaCallback(on_epoch_end=…)</c>: calls a delegate with the epoch (from 0) and its logs, e.g. to print progress.</summary>
public sealed class LambdaCallback : Callback
{
    private readonly Action<int, IReadOnlyDictionary<string, float>> _onEpochEnd;

    /// <summary>Calls <paramref name="onEpochEnd"/> after every epoch.</summary>
    public LambdaCallback(Action<int, IReadOnlyDictionary<string, float>> onEpochEnd)
    {
        _onEpochEnd = onEpochEnd ?? throw new ArgumentNullException(nameof(onEpochEnd));
    }

    /// <inheritdoc />
    public override void OnEpochEnd(Model model, int epoch, IReadOnlyDictionary<string, float> logs) => _onEpochEnd(epoch, logs);
}
