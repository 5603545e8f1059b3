using LstmActors.Engine.Initializers;
using LstmActors.Engine.Tensors;

namespace LstmActors.Engine.Layers;

/// <summary>Keras <c>TimeDistributed(Dense)</c>: the same Dense applied to every timestep of (batch, timesteps, features).</summary>
public sealed class TimeDistributed : Layer
{
    /// <summary>Wraps <paramref name="inner"/>.</summary>
    public TimeDistributed(Dense inner)
    {
        Inner = inner ?? throw new ArgumentNullException(nameof(inner));
    }

    /// <summary>The Dense applied per timestep.</summary>
    public Dense Inner { get; }

    /// <inheritdoc />
    public override string TypeName => "TimeDistributed";

    /// <inheritdoc />
    public override string NameStem => "time_distributed";

    /// <inheritdoc />
    public override IReadOnlyList<Parameter> Parameters => Inner.Parameters;

    /// <inheritdoc />
    public override int[] ComputeOutputShape(int[] inputShape)
    {
        RequireRank(inputShape, 2, "(batch, timesteps, features)");
        return Inner.ComputeOutputShape(inputShape);
    }

    /// <inheritdoc />
    protected override void BuildCore(int[] inputShape, SeededRandom random) => Inner.Build(inputShape, random);

    /// <inheritdoc />
    internal override Tensor Forward(Tensor input, bool training) => Inner.Forward(input, training);

    /// <inheritdoc />
    internal override Tensor Backward(Tensor outputGradient) => Inner.Backward(outputGradient);

    /// <inheritdoc />
    internal override void ClearSaved()
    {
        base.ClearSaved();
        Inner.ClearSaved();
    }
}
