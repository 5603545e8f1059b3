using LstmActors.Engine.Callbacks;
using LstmActors.Engine.Tensors;

namespace LstmActors.Engine.Models;

public sealed partial class Sequential
{
    /// <summary>
    /// Keras <c>fit</c>: <paramref name="epochs"/> passes over (x, y) in batches, shuffled each epoch unless
    /// <paramref name="shuffle"/> is false or the model is stateful; the last <paramref name="validationSplit"/>
    /// fraction of the samples (taken before shuffling, as Keras does) is held out and scored as "val_loss".
    /// The epoch loss is the sample-weighted mean of the batch losses.
    /// </summary>
    public History Fit(Tensor x, Tensor y, int epochs = 1, int? batchSize = null, bool shuffle = true,
        float validationSplit = 0f, IEnumerable<Callback>? callbacks = null)
    {
        RequireCompiled();
        EnsureBuiltFor(x);
        CheckInput(x, "x");
        y = CheckTarget(y, x.Shape[0], "y");
        if (epochs < 0) throw new ArgumentOutOfRangeException(nameof(epochs), epochs, "Epochs cannot be negative.");
        if (validationSplit is < 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(validationSplit), validationSplit, "validationSplit must be in [0, 1).");

        int samples = x.Shape[0];
        Tensor trainX = x, trainY = y;
        Tensor? valX = null, valY = null;
        if (validationSplit > 0)
        {
            if (IsStateful)
                throw new NotSupportedException($"Stateful model '{Name}': validationSplit would run validation through the kept state; validate with Evaluate instead.");
            int split = (int)(samples * (1 - validationSplit));
            if (split == samples || split == 0)
                throw new ArgumentException($"validationSplit {validationSplit} of {samples} samples leaves no training or no validation samples.");
            trainX = x.Slice(0, split);
            trainY = y.Slice(0, split);
            valX = x.Slice(split, samples - split);
            valY = y.Slice(split, samples - split);
        }

        int trainCount = trainX.Shape[0];
        int size = EffectiveBatchSize(batchSize, trainCount);
        var callbackList = callbacks?.ToArray() ?? [];
        var history = new History();
        var order = Enumerable.Range(0, trainCount).ToArray();
        StopTraining = false;
        foreach (var callback in callbackList) callback.OnTrainBegin(this);
        for (int epoch = 0; epoch < epochs && !StopTraining; epoch++)
        {
            if (shuffle && !IsStateful) _random.Shuffle(order);
            double lossSum = 0;
            for (int start = 0; start < trainCount; start += size)
            {
                int count = Math.Min(size, trainCount - start);
                var rows = order.AsSpan(start, count);
                float loss = TrainBatch(trainX.Gather(rows), trainY.Gather(rows));
                lossSum += (double)loss * count;
            }
            var logs = new Dictionary<string, float>(StringComparer.Ordinal) { ["loss"] = (float)(lossSum / trainCount) };
            if (valX is not null) logs["val_loss"] = EvaluateChecked(valX, valY!, size);
            history.Append(logs);
            foreach (var callback in callbackList) callback.OnEpochEnd(this, epoch, logs);
        }
        foreach (var callback in callbackList) callback.OnTrainEnd(this);
        return history;
    }

    /// <summary>Keras <c>train_on_batch</c>: one forward, backward and optimizer step on (x, y); returns the batch loss before the step.</summary>
    public float TrainOnBatch(Tensor x, Tensor y)
    {
        RequireCompiled();
        EnsureBuiltFor(x);
        CheckInput(x, "x");
        y = CheckTarget(y, x.Shape[0], "y");
        return TrainBatch(x, y);
    }

    /// <summary>Keras <c>evaluate</c>: the sample-weighted mean loss over (x, y) in batches, without training.</summary>
    public float Evaluate(Tensor x, Tensor y, int? batchSize = null)
    {
        RequireCompiled();
        EnsureBuiltFor(x);
        CheckInput(x, "x");
        y = CheckTarget(y, x.Shape[0], "y");
        return EvaluateChecked(x, y, EffectiveBatchSize(batchSize, x.Shape[0]));
    }

    /// <summary>
    /// The gradient of the loss on (x, y) with respect to every weight, without applying it (truncated BPTT over the
    /// T steps of x). With <paramref name="carry"/> the LSTM layers start from it and it is advanced in place to the
    /// window's end, as a stateful fit would; without it they start from zeros. Dropout is applied as in training.
    /// </summary>
    public ModelGradients ComputeGradients(Tensor x, Tensor y, ModelCarry? carry = null)
    {
        RequireCompiled();
        EnsureBuiltFor(x);
        CheckInput(x, "x");
        y = CheckTarget(y, x.Shape[0], "y");
        if (carry is not null) CheckCarry(carry, x.Shape[0]);
        float loss = ForwardBackward(x, y, carry ?? (RecurrentLayers.Count > 0 ? CreateCarry(x.Shape[0]) : null));
        var flat = new float[CountParams()];
        int offset = 0;
        foreach (var p in Parameters)
        {
            p.Gradient.CopyTo(flat, offset);
            offset += p.Count;
        }
        return new ModelGradients(loss, x.Shape[0], flat);
    }

    /// <summary>One optimizer step with a given flat gradient (laid out as <see cref="GetWeights"/>), e.g. a sum collected from many silos.</summary>
    public void ApplyGradients(ReadOnlySpan<float> gradient)
    {
        RequireCompiled();
        RequireBuilt();
        int expected = CountParams();
        if (gradient.Length != expected)
            throw new ArgumentException($"Model '{Name}' has {expected} weights, the gradient has {gradient.Length}.", nameof(gradient));
        for (int i = 0; i < gradient.Length; i++)
        {
            if (!float.IsFinite(gradient[i])) throw new ArgumentException($"gradient contains {gradient[i]} at index {i}.", nameof(gradient));
        }
        int offset = 0;
        foreach (var p in Parameters)
        {
            gradient.Slice(offset, p.Count).CopyTo(p.Gradient);
            offset += p.Count;
        }
        Optimizer!.Apply(Parameters);
        WeightsChanged();
    }

    private float TrainBatch(Tensor x, Tensor y)
    {
        float loss = ForwardBackward(x, y, carry: null);
        Optimizer!.Apply(Parameters);
        WeightsChanged();
        return loss;
    }

    private float ForwardBackward(Tensor x, Tensor y, ModelCarry? carry)
    {
        var prediction = Forward(x, training: true, carry);
        var gradient = Tensor.Zeros(prediction.Shape.ToArray());
        float loss = Loss!.Gradient(prediction, y, gradient.Span);
        Backward(gradient);
        var parameters = Parameters;
        for (int i = 0; i < parameters.Count; i++) parameters[i].Regularizer?.AddGradient(parameters[i].Value, parameters[i].Gradient);
        return loss + RegularizationPenalty();
    }

    private float EvaluateChecked(Tensor x, Tensor y, int batchSize)
    {
        int samples = x.Shape[0];
        double sum = 0;
        for (int start = 0; start < samples; start += batchSize)
        {
            int count = Math.Min(batchSize, samples - start);
            var prediction = Forward(x.Slice(start, count), training: false, carry: null);
            sum += ((double)Loss!.Compute(prediction, y.Slice(start, count)) + RegularizationPenalty()) * count;
        }
        return (float)(sum / samples);
    }

    /// <summary>
    /// Keras' regularization losses for the last forward: each weight's and each layer output's penalty, summed
    /// (Keras 3 adds activity penalties as they are, not divided by the batch size as Keras 2 did).
    /// </summary>
    private float RegularizationPenalty()
    {
        double sum = _activityPenalty;
        var parameters = Parameters;
        for (int i = 0; i < parameters.Count; i++)
        {
            if (parameters[i].Regularizer is { } regularizer) sum += regularizer.Penalty(parameters[i].Value);
        }
        return (float)sum;
    }

    private void RequireCompiled()
    {
        if (Optimizer is null || Loss is null)
            throw new InvalidOperationException($"Model '{Name}' is not compiled: call Compile(optimizer, loss) first.");
    }
}
