using LstmActors.Engine.Models;

namespace LstmActors.Engine.Callbacks;

/// <summary>A Keras callback: hooks <see cref="Model.Fit(Tensors.Tensor, Tensors.Tensor, int, int?, bool, float, IEnumerable{Callback}?)"/> calls at the start, after every epoch and at the end.</summary>
public abstract class Callback
{
    /// <summary>Before the first epoch.</summary>
    public virtual void OnTrainBegin(Model model)
    {
    }

    /// <summary>After each epoch, with that epoch's logs ("loss", and "val_loss" when validating).</summary>
    public virtual void OnEpochEnd(Model model, int epoch, IReadOnlyDictionary<string, float> logs)
    {
    }

    /// <summary>After the last epoch (or after a callback stopped training).</summary>
    public virtual void OnTrainEnd(Model model)
    {
    }
}
