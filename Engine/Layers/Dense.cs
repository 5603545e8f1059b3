using LstmActors.Engine.Activations;
using LstmActors.Engine.Constraints;
using LstmActors.Engine.Initializers;
using LstmActors.Engine.Kernels;
using LstmActors.Engine.Regularizers;
using LstmActors.Engine.Tensors;

namespace LstmActors.Engine.Layers;

/// <summary>
/// Keras <c>Dense(units, activation)</c>: y = a(x·kernel + bias), kernel (F, units) glorot_uniform and bias zeros by
/// default; initializers, regularizers and constraints by Keras name or as objects (null is Keras' default).
/// On (batch, timesteps, F) input it applies to every timestep, giving (batch, timesteps, units).
/// </summary>
public sealed class Dense : Layer
{
    private Parameter? _kernel;
    private Parameter? _bias;

    /// <summary>Creates the layer; <paramref name="activation"/> is a Keras name ("relu", "tanh", …; null is linear).</summary>
    public Dense(int units, string? activation = null, bool useBias = true,
        Initializer? kernelInitializer = null, Initializer? biasInitializer = null, Regularizer? kernelRegularizer = null,
        Regularizer? biasRegularizer = null, Regularizer? activityRegularizer = null, Constraint? kernelConstraint = null,
        Constraint? biasConstraint = null)
        : this(units, ActivationFunctions.Parse(activation), useBias, kernelInitializer, biasInitializer, kernelRegularizer,
            biasRegularizer, activityRegularizer, kernelConstraint, biasConstraint)
    {
    }

    /// <summary>Creates the layer with an activation given as the enum.</summary>
    public Dense(int units, Activation activation, bool useBias = true,
        Initializer? kernelInitializer = null, Initializer? biasInitializer = null, Regularizer? kernelRegularizer = null,
        Regularizer? biasRegularizer = null, Regularizer? activityRegularizer = null, Constraint? kernelConstraint = null,
        Constraint? biasConstraint = null)
    {
        if (units <= 0) throw new ArgumentOutOfRangeException(nameof(units), units, "Dense units must be positive.");
        Units = units;
        Activation = activation;
        UseBias = useBias;
        KernelInitializer = kernelInitializer ?? new GlorotUniform();
        BiasInitializer = biasInitializer ?? new Zeros();
        KernelRegularizer = kernelRegularizer;
        BiasRegularizer = biasRegularizer;
        ActivityRegularizer = activityRegularizer;
        KernelConstraint = kernelConstraint;
        BiasConstraint = biasConstraint;
    }

    /// <summary>Output features.</summary>
    public int Units { get; }

    /// <summary>Applied to x·kernel + bias.</summary>
    public Activation Activation { get; }

    /// <summary>Whether a bias is added.</summary>
    public bool UseBias { get; }

    /// <summary>Fills the kernel (Keras default glorot_uniform).</summary>
    public Initializer KernelInitializer { get; }

    /// <summary>Fills the bias (Keras default zeros).</summary>
    public Initializer BiasInitializer { get; }

    /// <summary>Penalty on the kernel, or null.</summary>
    public Regularizer? KernelRegularizer { get; }

    /// <summary>Penalty on the bias, or null.</summary>
    public Regularizer? BiasRegularizer { get; }

    /// <summary>Projection of the kernel after each step, or null.</summary>
    public Constraint? KernelConstraint { get; }

    /// <summary>Projection of the bias after each step, or null.</summary>
    public Constraint? BiasConstraint { get; }

    /// <inheritdoc />
    public override string TypeName => "Dense";

    /// <inheritdoc />
    public override string NameStem => "dense";

    /// <inheritdoc />
    public override IReadOnlyList<Parameter> Parameters =>
        _kernel is null ? [] : UseBias ? [_kernel, _bias!] : [_kernel];

    /// <inheritdoc />
    public override int[] ComputeOutputShape(int[] inputShape)
    {
        if (inputShape.Length is < 1 or > 2)
            throw new ArgumentException($"Layer {Label} needs (features) or (timesteps, features) input, got {Tensor.FormatWithBatch(null, inputShape)}.");
        var output = (int[])inputShape.Clone();
        output[^1] = Units;
        return output;
    }

    /// <inheritdoc />
    protected override void BuildCore(int[] inputShape, SeededRandom random)
    {
        int features = inputShape[^1];
        _kernel = new Parameter("kernel", features, Units) { Regularizer = KernelRegularizer, Constraint = KernelConstraint };
        KernelInitializer.Fill(_kernel.Value, _kernel.Shape, random);
        if (UseBias)
        {
            _bias = new Parameter("bias", Units) { Regularizer = BiasRegularizer, Constraint = BiasConstraint };
            BiasInitializer.Fill(_bias.Value, _bias.Shape, random);
        }
    }

    /// <summary>Accepts (batch, features) or (batch, timesteps, features) whatever it was built on: only the features must match, as in Keras.</summary>
    internal override void EnsureInput(Tensor input)
    {
        if (input.Rank is < 2 or > 3 || input.Shape[^1] != InputShape[^1])
            throw new ArgumentException(
                $"Layer {Label} expects input of shape (batch, {InputShape[^1]}) or (batch, timesteps, {InputShape[^1]}), got {input.ShapeText}.");
    }

    /// <inheritdoc />
    internal override Tensor Forward(Tensor input, bool training)
    {
        int features = InputShape[^1];
        int rows = input.Length / features;
        var shape = input.Shape.ToArray();
        shape[^1] = Units;
        var output = Tensor.Zeros(shape);
        Span<float> y = output.Span;
        if (UseBias)
        {
            for (int r = 0; r < rows; r++) _bias!.Value.CopyTo(y.Slice(r * Units, Units));
        }
        Gemm.Multiply(input.Span, features, false, _kernel!.Value, Units, false, y, Units, rows, Units, features, accumulate: UseBias);
        ActivationFunctions.ForwardRows(Activation, y, y, Units);
        if (training)
        {
            var saved = SaveForBackward<Saved>();
            saved.Input = input;
            saved.Output = output;
        }
        return output;
    }

    /// <inheritdoc />
    internal override Tensor Backward(Tensor outputGradient)
    {
        var saved = SavedForBackward<Saved>();
        var input = saved.Input!;
        int features = InputShape[^1];
        int rows = input.Length / features;
        var dz = new float[outputGradient.Length];
        ActivationFunctions.BackwardRows(Activation, saved.Output!.Span, outputGradient.Span, dz, Units);
        // kernel gradient += xᵀ·dz, bias gradient += column sums of dz, input gradient = dz·kernelᵀ.
        Gemm.Multiply(input.Span, features, true, dz, Units, false, _kernel!.Gradient, Units, features, Units, rows, accumulate: true);
        if (UseBias)
        {
            var db = _bias!.Gradient;
            for (int r = 0; r < rows; r++)
                for (int u = 0; u < Units; u++) db[u] += dz[r * Units + u];
        }
        var inputGradient = Tensor.Zeros(input.Shape.ToArray());
        Gemm.Multiply(dz, Units, false, _kernel.Value, Units, true, inputGradient.Span, features, rows, features, Units, accumulate: false);
        return inputGradient;
    }

    /// <summary>What a training call keeps for its backward.</summary>
    private sealed class Saved
    {
        public Tensor? Input, Output;
    }
}
