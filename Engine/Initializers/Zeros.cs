namespace LstmActors.Engine.Initializers;

/// <summary>Keras <c>zeros</c>.</summary>
public sealed class Zeros : Initializer
{
    /// <inheritdoc />
    public override string Name => "zeros";

    /// <inheritdoc />
    protected override void FillCore(Span<float> values, int[] shape, SeededRandom random) => values.Clear();
}
