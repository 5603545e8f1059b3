using LstmActors.Engine.Models;

namespace LstmActors.Engine.Callbacks;

/// <summary>A Keras callback: hooks <see cref="Sequential.Fit"/> calls at the start, after every epoch and at the end.</summary>
public abstract class Callback
{
    /// <summary>Before the first epoch.</summary>
    public virtual void OnTrainBegin(Sequential model)
    {
    }

    /// <summary>After each epoch, with that epoch's logs ("loss", and "val_loss" when validating).</summary>
    public virtual void OnEpochEnd(Sequential model, int epoch, IReadOnlyDictionary<string, float> logs)
    {
    }

    /// <summary>After the last epoch (or after a callback stopped training).</summary>
    public virtual void OnTrainEnd(Sequential model)
    {
    }
}
