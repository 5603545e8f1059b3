namespace LstmActors.Engine.Models;

/// <summary>Keras <c>History</c>: the per-epoch logs of one Model.Fit ("loss", "val_loss").</summary>
public sealed class History
{
    private readonly Dictionary<string, List<float>> _values = new(StringComparer.Ordinal);

    /// <summary>Every logged series by name, one value per completed epoch.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<float>> Values =>
        _values.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<float>)kv.Value.AsReadOnly(), StringComparer.Ordinal);

    /// <summary>Training loss per epoch.</summary>
    public IReadOnlyList<float> Loss => _values.TryGetValue("loss", out var v) ? v : [];

    /// <summary>Validation loss per epoch (empty without validation data).</summary>
    public IReadOnlyList<float> ValLoss => _values.TryGetValue("val_loss", out var v) ? v : [];

    /// <summary>Number of epochs run.</summary>
    public int Epochs => Loss.Count;

    internal void Append(IReadOnlyDictionary<string, float> logs)
    {
        foreach (var (name, value) in logs)
        {
            if (!_values.TryGetValue(name, out var list)) _values[name] = list = [];
            list.Add(value);
        }
    }
}
