namespace LstmActors.Engine.Recurrent;

/// <summary>
/// Keras-2 style LSTM dropout: one mask per sample, the same at every timestep and shared by the four gates,
/// already scaled by 1/(1-rate). A null mask means no dropout there.
/// </summary>
/// <param name="Input">Mask on the input features, (batch, F), or null.</param>
/// <param name="Recurrent">Mask on the previous hidden state, (batch, H), or null.</param>
public sealed record DropoutMasks(float[]? Input, float[]? Recurrent);
