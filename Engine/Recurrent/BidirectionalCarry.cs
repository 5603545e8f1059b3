namespace LstmActors.Engine.Recurrent;

/// <summary>The explicit state of a Bidirectional layer: the forward layer's carry, then the backward layer's.</summary>
public sealed class BidirectionalCarry : RecurrentCarry
{
    /// <summary>Wraps (does not copy) the two carries, which must have the same kind, batch and units.</summary>
    public BidirectionalCarry(RecurrentCarry forward, RecurrentCarry backward)
        : base(forward.Batch, forward.Units, [.. forward.States, .. backward.States])
    {
        if (forward.GetType() != backward.GetType() || backward.Batch != forward.Batch || backward.Units != forward.Units)
            throw new ArgumentException(
                $"Bidirectional carries differ: forward {forward.GetType().Name} (batch {forward.Batch}, units {forward.Units}), " +
                $"backward {backward.GetType().Name} (batch {backward.Batch}, units {backward.Units}).", nameof(backward));
        Forward = forward;
        Backward = backward;
    }

    /// <summary>The carry of the layer that reads the sequence first to last.</summary>
    public RecurrentCarry Forward { get; }

    /// <summary>The carry of the layer that reads the sequence last to first.</summary>
    public RecurrentCarry Backward { get; }

    /// <inheritdoc />
    public override BidirectionalCarry Clone() => new(Forward.Clone(), Backward.Clone());

    /// <inheritdoc />
    internal override RecurrentCarry CreateEmpty(int batch) => new BidirectionalCarry(Forward.CreateEmpty(batch), Backward.CreateEmpty(batch));
}
