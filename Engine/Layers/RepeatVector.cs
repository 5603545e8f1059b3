using LstmActors.Engine.Tensors;

namespace LstmActors.Engine.Layers;

/// <summary>Keras <c>RepeatVector(n)</c>: (batch, features) → (batch, n, features), the one-to-many bridge of an encoder/decoder.</summary>
public sealed class RepeatVector : Layer
{
    /// <summary>Repeats each sample <paramref name="n"/> times.</summary>
    public RepeatVector(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "RepeatVector needs a positive count.");
        N = n;
    }

    /// <summary>Number of repetitions (timesteps of the output).</summary>
    public int N { get; }

    /// <inheritdoc />
    public override string TypeName => "RepeatVector";

    /// <inheritdoc />
    public override string NameStem => "repeat_vector";

    /// <inheritdoc />
    public override int[] ComputeOutputShape(int[] inputShape)
    {
        RequireRank(inputShape, 1, "(batch, features)");
        return [N, inputShape[0]];
    }

    /// <inheritdoc />
    internal override Tensor Forward(Tensor input, bool training)
    {
        int batch = input.Shape[0], features = InputShape[0];
        var output = Tensor.Zeros(batch, N, features);
        ReadOnlySpan<float> x = input.Span;
        Span<float> y = output.Span;
        for (int b = 0; b < batch; b++)
            for (int t = 0; t < N; t++)
                x.Slice(b * features, features).CopyTo(y.Slice((b * N + t) * features, features));
        return output;
    }

    /// <inheritdoc />
    internal override Tensor Backward(Tensor outputGradient)
    {
        int batch = outputGradient.Shape[0], features = InputShape[0];
        var inputGradient = Tensor.Zeros(batch, features);
        ReadOnlySpan<float> dy = outputGradient.Span;
        Span<float> dx = inputGradient.Span;
        for (int b = 0; b < batch; b++)
            for (int t = 0; t < N; t++)
                for (int f = 0; f < features; f++) dx[b * features + f] += dy[(b * N + t) * features + f];
        return inputGradient;
    }
}
