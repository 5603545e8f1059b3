namespace LstmActors.Grains.Models;

/// <summary>The recurrent layer a model stacks, under Keras' names.</summary>
[GenerateSerializer, Alias("lstmactors.RecurrentCell")]
public enum RecurrentCell
{
    /// <summary>Keras <c>LSTM</c>: each layer carries h and c.</summary>
    Lstm,

    /// <summary>Keras <c>GRU</c> (reset_after, as Keras 2/3 default): each layer carries h only.</summary>
    Gru,
}
