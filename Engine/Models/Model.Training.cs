using LstmActors.Engine.Callbacks;
using LstmActors.Engine.Tensors;

namespace LstmActors.Engine.Models;

public partial class Model
{
    /// <summary>
    /// Keras <c>fit</c>: <paramref name="epochs"/> passes over (x, y) in batches, shuffled each epoch unless
    /// <paramref name="shuffle"/> is false or the model is stateful; the last <paramref name="validationSplit"/>
    /// fraction of the samples (taken before shuffling, as Keras does) is held out and scored as "val_loss".
    /// The epoch loss is the sample-weighted mean of the batch losses.
    /// </summary>
    public History Fit(Tensor x, Tensor y, int epochs = 1, int? batchSize = null, bool shuffle = true,
        float validationSplit = 0f, IEnumerable<Callback>? callbacks = null) =>
        Fit([x], [y], epochs, batchSize, shuffle, validationSplit, callbacks);

    /// <summary>
    /// Keras <c>fit([x1, x2], [y1, y2])</c>: one tensor per input and one target per output, in order; the loss is the
    /// compiled loss of each output, summed (Keras' one loss for all outputs), and with several outputs each one's is also
    /// logged as Keras does, "&lt;output layer&gt;_loss" (and "val_…").
    /// </summary>
    public History Fit(IReadOnlyList<Tensor> x, IReadOnlyList<Tensor> y, int epochs = 1, int? batchSize = null, bool shuffle = true,
        float validationSplit = 0f, IEnumerable<Callback>? callbacks = null)
    {
        RequireCompiled();
        var inputs = CheckedInputs(x);
        var targets = CheckedTargets(y, inputs[0].Shape[0]);
        if (epochs < 0) throw new ArgumentOutOfRangeException(nameof(epochs), epochs, "Epochs cannot be negative.");
        if (validationSplit is < 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(validationSplit), validationSplit, "validationSplit must be in [0, 1).");

        int samples = inputs[0].Shape[0];
        Tensor[] trainX = inputs, trainY = targets;
        Tensor[]? valX = null, valY = null;
        if (validationSplit > 0)
        {
            if (IsStateful)
                throw new NotSupportedException($"Stateful model '{ModelName}': validationSplit would run validation through the kept state; validate with Evaluate instead.");
            int split = (int)(samples * (1 - validationSplit));
            if (split == samples || split == 0)
                throw new ArgumentException($"validationSplit {validationSplit} of {samples} samples leaves no training or no validation samples.");
            trainX = Slice(inputs, 0, split);
            trainY = Slice(targets, 0, split);
            valX = Slice(inputs, split, samples - split);
            valY = Slice(targets, split, samples - split);
        }

        int trainCount = trainX[0].Shape[0];
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
            var outputSums = new double[_outputs.Length];
            for (int start = 0; start < trainCount; start += size)
            {
                int count = Math.Min(size, trainCount - start);
                var rows = order.AsSpan(start, count);
                float loss = TrainBatch(Gather(trainX, rows), Gather(trainY, rows));
                lossSum += (double)loss * count;
                for (int o = 0; o < outputSums.Length; o++) outputSums[o] += (double)_outputLosses[o] * count;
            }
            var logs = new Dictionary<string, float>(StringComparer.Ordinal) { ["loss"] = (float)(lossSum / trainCount) };
            var validation = new float[_outputs.Length];
            if (valX is not null) logs["val_loss"] = EvaluateChecked(valX, valY!, size, validation);
            for (int o = 0; o < outputSums.Length && outputSums.Length > 1; o++)
            {
                logs[$"{OutputName(o)}_loss"] = (float)(outputSums[o] / trainCount);
                if (valX is not null) logs[$"val_{OutputName(o)}_loss"] = validation[o];
            }
            history.Append(logs);
            foreach (var callback in callbackList) callback.OnEpochEnd(this, epoch, logs);
        }
        foreach (var callback in callbackList) callback.OnTrainEnd(this);
        return history;
    }

    /// <summary>Keras <c>train_on_batch</c>: one forward, backward and optimizer step on (x, y); returns the batch loss before the step.</summary>
    public float TrainOnBatch(Tensor x, Tensor y) => TrainOnBatch([x], [y]);

    /// <summary>Keras <c>train_on_batch</c> with one tensor per input and one target per output.</summary>
    public float TrainOnBatch(IReadOnlyList<Tensor> x, IReadOnlyList<Tensor> y)
    {
        RequireCompiled();
        var inputs = CheckedInputs(x);
        return TrainBatch(inputs, CheckedTargets(y, inputs[0].Shape[0]));
    }

    /// <summary>Keras <c>evaluate</c>: the sample-weighted mean loss over (x, y) in batches, without training.</summary>
    public float Evaluate(Tensor x, Tensor y, int? batchSize = null) => Evaluate([x], [y], batchSize);

    /// <summary>Keras <c>evaluate</c> with one tensor per input and one target per output (the outputs' losses summed).</summary>
    public float Evaluate(IReadOnlyList<Tensor> x, IReadOnlyList<Tensor> y, int? batchSize = null)
    {
        RequireCompiled();
        var inputs = CheckedInputs(x);
        var targets = CheckedTargets(y, inputs[0].Shape[0]);
        return EvaluateChecked(inputs, targets, EffectiveBatchSize(batchSize, inputs[0].Shape[0]), new float[_outputs.Length]);
    }

    /// <summary>
    /// The gradient of the loss on (x, y) with respect to every weight, without applying it (truncated BPTT over the
    /// T steps of x). With <paramref name="carry"/> the recurrent layers start from it and it is advanced in place to the
    /// window's end, as a stateful fit would; without it they start from zeros. Dropout is applied as in training.
    /// </summary>
    public ModelGradients ComputeGradients(Tensor x, Tensor y, ModelCarry? carry = null) => ComputeGradients([x], [y], carry);

    /// <summary><see cref="ComputeGradients(Tensor, Tensor, ModelCarry?)"/> with one tensor per input and one target per output.</summary>
    public ModelGradients ComputeGradients(IReadOnlyList<Tensor> x, IReadOnlyList<Tensor> y, ModelCarry? carry = null)
    {
        RequireCompiled();
        var inputs = CheckedInputs(x);
        int batch = inputs[0].Shape[0];
        var targets = CheckedTargets(y, batch);
        if (carry is not null) CheckCarry(carry, batch);
        float loss = ForwardBackward(inputs, targets, carry ?? (RecurrentLayers.Count > 0 ? CreateCarry(batch) : null));
        var flat = new float[CountParams()];
        int offset = 0;
        foreach (var p in Parameters)
        {
            p.Gradient.CopyTo(flat, offset);
            offset += p.Count;
        }
        return new ModelGradients(loss, batch, flat);
    }

    /// <summary>One optimizer step with a given flat gradient (laid out as <see cref="GetWeights"/>), e.g. a sum collected from many silos.</summary>
    public void ApplyGradients(ReadOnlySpan<float> gradient)
    {
        RequireCompiled();
        RequireBuilt();
        int expected = CountParams();
        if (gradient.Length != expected)
            throw new ArgumentException($"Model '{ModelName}' has {expected} weights, the gradient has {gradient.Length}.", nameof(gradient));
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
        OnWeightsChanged();
    }

    /// <summary>Checks x against the inputs (one tensor each, same samples, finite), building a model that takes its shape from data first.</summary>
    private protected Tensor[] CheckedInputs(IReadOnlyList<Tensor> x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Count == 0 || x.Any(t => t is null)) throw new ArgumentException($"Model '{ModelName}' needs an x tensor per input (none null).", nameof(x));
        if (!IsBuilt)
            EnsureInputShapes(x.Select(t => t.Rank < 2
                ? throw new ArgumentException($"x of shape {t.ShapeText} has no sample dimensions; expected (batch, timesteps, features).")
                : t.Shape.Skip(1).ToArray()).ToArray());
        if (x.Count != _inputs.Length)
            throw new ArgumentException($"Model '{ModelName}' has {_inputs.Length} input(s) ({InputNames()}) but got {x.Count} x tensor(s).", nameof(x));
        for (int i = 0; i < x.Count; i++)
        {
            string name = x.Count == 1 ? "x" : $"x[{i}]";
            var input = _inputs[i];
            var shape = input.Shape;
            if (x[i].Rank != shape.Length + 1 || !Tensor.Fits(shape, x[i].Shape.Skip(1)))
            {
                string axes = shape.Length == 2 ? "(batch, timesteps, features) = " : "";
                string expects = x.Count == 1 ? $"model '{ModelName}'" : $"input '{input.Name}' of model '{ModelName}'";
                throw new ArgumentException($"{name} has shape {x[i].ShapeText} but {expects} expects {axes}{Tensor.FormatWithBatch(input.BatchSize, shape)}.");
            }
            if (x[i].Shape[0] == 0) throw new ArgumentException($"{name} has no samples (shape {x[i].ShapeText}).");
            if (x[i].Shape[0] != x[0].Shape[0]) throw new ArgumentException($"{name} has {x[i].Shape[0]} samples but x[0] has {x[0].Shape[0]}.");
            x[i].EnsureFinite(name);
        }
        return x.ToArray();
    }

    /// <summary>Checks one target per output for <paramref name="batch"/> samples; returns each shaped as its output (a (B,) target fits a (B, 1) output, as in Keras).</summary>
    private Tensor[] CheckedTargets(IReadOnlyList<Tensor> y, int batch)
    {
        ArgumentNullException.ThrowIfNull(y);
        if (y.Count != _outputs.Length)
            throw new ArgumentException(
                $"Model '{ModelName}' has {_outputs.Length} output(s) ({string.Join(", ", Enumerable.Range(0, _outputs.Length).Select(OutputName))}) " +
                $"but got {y.Count} target(s) y; give one per output, in order.", nameof(y));
        var targets = new Tensor[y.Count];
        for (int i = 0; i < y.Count; i++) targets[i] = CheckedTarget(y[i], i, batch, y.Count == 1 ? "y" : $"y[{i}]");
        return targets;
    }

    private Tensor CheckedTarget(Tensor y, int index, int batch, string name)
    {
        ArgumentNullException.ThrowIfNull(y, name);
        var outputShape = _outputs[index].Shape;
        var output = Loss!.TargetShape(outputShape);
        if (y.Rank == 0 || y.Shape[0] != batch)
            throw new ArgumentException($"{name} has {(y.Rank == 0 ? 0 : y.Shape[0])} samples but x has {batch}.");
        var sample = y.Shape.Skip(1).ToArray();
        bool exact = Tensor.Fits(output, sample);
        bool squeezed = output.Count > 0 && output[^1] == 1 && Tensor.Fits(output.Take(output.Count - 1).ToArray(), sample);
        // Class ids may come with a trailing axis of 1, as Keras' sparse crossentropy accepts.
        bool expanded = output.Count < outputShape.Length && sample.Length == output.Count + 1 && sample[^1] == 1
            && Tensor.Fits(output, sample.Take(output.Count));
        if (!exact && !squeezed && !expanded)
        {
            string gives = _outputs.Length == 1 ? $"model '{ModelName}'" : $"output {index} ('{OutputName(index)}') of model '{ModelName}'";
            throw new ArgumentException(
                $"{name} has shape {y.ShapeText} but {gives} {(output.Count < outputShape.Length ? "takes class ids of" : "outputs")} {Tensor.FormatWithBatch(null, output)}.");
        }
        y.EnsureFinite(name);
        if (exact) return y;
        return squeezed ? y.Reshape([.. y.Shape, 1]) : y.Reshape([.. y.Shape.Take(y.Rank - 1)]);
    }

    private void CheckCarry(ModelCarry carry, int batch)
    {
        var layers = _recurrentLayers;
        if (carry.Carries.Count != layers.Length)
            throw new ArgumentException($"Carry has {carry.Carries.Count} layer states but model '{ModelName}' has {layers.Length} recurrent layers.");
        if (carry.Batch != batch)
            throw new ArgumentException($"Carry holds {carry.Batch} series but x has a batch of {batch}.");
        for (int i = 0; i < layers.Length; i++)
        {
            if (carry.Carries[i].Units != layers[i].Units || carry.Carries[i].GetType() != layers[i].CarryType)
                throw new ArgumentException(
                    $"Carry of recurrent layer {i} ('{layers[i].Name}') is {carry.Carries[i].GetType().Name} with {carry.Carries[i].Units} units, " +
                    $"the layer needs {layers[i].CarryType.Name} with {layers[i].Units}.");
        }
    }

    private int EffectiveBatchSize(int? requested, int samples)
    {
        if (IsStateful)
        {
            int fixedBatch = _inputs[0].BatchSize!.Value;
            if (requested is int r && r != fixedBatch)
                throw new ArgumentException($"Stateful model '{ModelName}' has a fixed batch size of {fixedBatch}; got batchSize {r}.");
            if (samples % fixedBatch != 0)
                throw new ArgumentException(
                    $"Stateful model '{ModelName}' needs the number of samples ({samples}) to be a multiple of its batch size {fixedBatch}.");
            return fixedBatch;
        }
        int size = requested ?? 32;
        if (size <= 0) throw new ArgumentOutOfRangeException(nameof(requested), size, "Batch size must be positive.");
        return size;
    }

    private float TrainBatch(Tensor[] x, Tensor[] y)
    {
        float loss = ForwardBackward(x, y, carry: null);
        Optimizer!.Apply(Parameters);
        OnWeightsChanged();
        return loss;
    }

    private float ForwardBackward(Tensor[] x, Tensor[] y, ModelCarry? carry)
    {
        // A pass that failed midway may have left records behind; start this one clean.
        ClearSaved();
        var predictions = Forward(x, training: true, carry);
        var parameters = Parameters;
        // Layers add their gradients (a shared layer once per call), so they start from zero.
        for (int i = 0; i < parameters.Count; i++) Array.Clear(parameters[i].Gradient);
        var gradients = new Tensor?[predictions.Length];
        if (_outputLosses.Length != predictions.Length) _outputLosses = new float[predictions.Length];
        float loss = 0;
        for (int o = 0; o < predictions.Length; o++)
        {
            var gradient = Tensor.Zeros(predictions[o].Shape.ToArray());
            _outputLosses[o] = Loss!.Gradient(predictions[o], y[o], gradient.Span);
            loss += _outputLosses[o];
            gradients[o] = gradient;
        }
        Backward(gradients);
        for (int i = 0; i < parameters.Count; i++) parameters[i].Regularizer?.AddGradient(parameters[i].Value, parameters[i].Gradient);
        return loss + RegularizationPenalty();
    }

    /// <summary>The sample-weighted mean loss over (x, y); each output's own mean goes into <paramref name="outputLosses"/>.</summary>
    private float EvaluateChecked(Tensor[] x, Tensor[] y, int batchSize, float[] outputLosses)
    {
        int samples = x[0].Shape[0];
        double sum = 0;
        var outputSums = new double[outputLosses.Length];
        for (int start = 0; start < samples; start += batchSize)
        {
            int count = Math.Min(batchSize, samples - start);
            var predictions = Forward(Slice(x, start, count), training: false, carry: null);
            float loss = 0;
            for (int o = 0; o < predictions.Length; o++)
            {
                float outputLoss = Loss!.Compute(predictions[o], y[o].Slice(start, count));
                outputSums[o] += (double)outputLoss * count;
                loss += outputLoss;
            }
            sum += ((double)loss + RegularizationPenalty()) * count;
        }
        for (int o = 0; o < outputLosses.Length; o++) outputLosses[o] = (float)(outputSums[o] / samples);
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
            throw new InvalidOperationException($"Model '{ModelName}' is not compiled: call Compile(optimizer, loss) first.");
    }

    private static Tensor[] Gather(Tensor[] tensors, ReadOnlySpan<int> rows)
    {
        var gathered = new Tensor[tensors.Length];
        for (int i = 0; i < tensors.Length; i++) gathered[i] = tensors[i].Gather(rows);
        return gathered;
    }
}
