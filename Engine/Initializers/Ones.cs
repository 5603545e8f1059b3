namespace LstmActors.Engine.Initializers;

/// <summary>Keras <c>ones</c>.</summary>
public sealed class Ones : Initializer
{
    /// <inheritdoc />
    public override string Name => "ones";

    /// <inheritdoc />
    protected override void FillCore(Span<float> values, int[] shape, SeededRandom random) => values.Fill(1f);
}
