namespace LstmActors.Engine.Activations;

/// <summary>The activations a Keras LSTM or Dense layer can use; all element-wise except <see cref="Softmax"/> (Dense and the Activation layer only).</summary>
public enum Activation
{
    /// <summary>Hyperbolic tangent.</summary>
    Tanh,
    /// <summary>Logistic sigmoid 1/(1+e^-x).</summary>
    Sigmoid,
    /// <summary>Keras 2 hard sigmoid: clip(0.2x + 0.5, 0, 1).</summary>
    HardSigmoid,
    /// <summary>Rectified linear unit max(x, 0).</summary>
    Relu,
    /// <summary>Identity.</summary>
    Linear,
    /// <summary>e^x / Σe^x over the last axis.</summary>
    Softmax,
}
