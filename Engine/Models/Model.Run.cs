using System.Numerics.Tensors;
using LstmActors.Engine.Layers;
using LstmActors.Engine.Recurrent;
using Tensor = LstmActors.Engine.Tensors.Tensor;

namespace LstmActors.Engine.Models;

public partial class Model
{
    private readonly GraphRun _inference = new();
    private double _activityPenalty;
    // Each output's loss in the last training batch, for Fit's per-output logs.
    private float[] _outputLosses = [];

    /// <summary>
    /// Runs the graph on checked inputs; recurrent layers start from <paramref name="carry"/> when given, else from the kept
    /// state (stateful layers) or zeros. With <paramref name="training"/> it keeps what <see cref="Backward(Tensor?[])"/> needs.
    /// </summary>
    internal Tensor[] Forward(Tensor[] x, bool training, ModelCarry? carry)
    {
        var carries = carry?.Carries ?? (IsStateful ? StatefulCarry(x[0].Shape[0]).Carries : null);
        var outputs = new Tensor[_outputs.Length];
        double penalty = 0;
        RunCall(x, outputs, training, carries, 0, carry is not null, ref penalty);
        _activityPenalty = penalty;
        return outputs;
    }

    /// <summary>Backpropagates d(loss)/d(output) of the last training forward through every call, adding to the parameters' gradients.</summary>
    internal void Backward(Tensor?[] outputGradients) => BackwardCall(outputGradients, new Tensor?[_inputs.Length]);

    /// <summary>The model called on one tensor (Keras <c>model(x)</c>), as <see cref="Forward(Tensor[], bool, ModelCarry?)"/>.</summary>
    internal override Tensor Forward(Tensor input, bool training) => Forward([input], training, carry: null)[0];

    /// <inheritdoc />
    internal override Tensor Backward(Tensor outputGradient)
    {
        var inputGradients = new Tensor?[_inputs.Length];
        BackwardCall([outputGradient], inputGradients);
        return inputGradients[0] ?? Tensor.Zeros([outputGradient.Shape[0], .. _inputs[0].Shape]);
    }

    /// <summary>
    /// One call of the graph: <paramref name="carries"/> from <paramref name="carryOffset"/> on are this model's carry slots
    /// (given: every recurrent layer starts from its slot; kept: only the stateful ones do). Activity penalties add to
    /// <paramref name="penalty"/>.
    /// </summary>
    private void RunCall(Tensor[] inputs, Tensor[] outputs, bool training, IReadOnlyList<RecurrentCarry>? carries, int carryOffset,
        bool carriesGiven, ref double penalty)
    {
        var run = training ? SaveForBackward<GraphRun>() : _inference;
        var values = run.Begin(_slotCount);
        for (int i = 0; i < _inputSlots.Length; i++) values[_inputSlots[i]] = inputs[i];
        foreach (var node in _nodes)
        {
            var layer = node.Layer;
            for (int k = 0; k < node.Inputs.Length; k++) node.InputValues[k] = values[node.Inputs[k]]!;
            switch (layer)
            {
                case Model nested:
                    nested.RunCall(node.InputValues, node.OutputValues, training, carries, carryOffset + node.CarrySlot, carriesGiven, ref penalty);
                    break;
                case RecurrentLayer recurrent:
                    bool fromCarry = node.CarrySlot >= 0 && carries is not null && (carriesGiven || recurrent.Stateful);
                    recurrent.Forward(node.InputValues, node.OutputValues, training, fromCarry ? carries![carryOffset + node.CarrySlot] : null);
                    break;
                default:
                    layer.Forward(node.InputValues, node.OutputValues, training);
                    break;
            }
            for (int k = 0; k < node.Outputs.Length; k++)
            {
                values[node.Outputs[k]] = node.OutputValues[k];
                if (layer.ActivityRegularizer is { } activity) penalty += activity.Penalty(node.OutputValues[k].Span);
            }
        }
        for (int o = 0; o < _outputSlots.Length; o++) outputs[o] = values[_outputSlots[o]]!;
    }

    /// <summary>Backward of the last training call not yet run backward: each output's gradient (null: none) to each input's (null: none).</summary>
    private void BackwardCall(Tensor?[] outputGradients, Tensor?[] inputGradients)
    {
        var run = SavedForBackward<GraphRun>();
        var values = run.Values;
        var gradients = run.Gradients;
        Array.Clear(gradients);
        for (int o = 0; o < _outputSlots.Length; o++) Accumulate(gradients, _outputSlots[o], outputGradients[o]);
        for (int n = _nodes.Length - 1; n >= 0; n--)
        {
            var node = _nodes[n];
            var layer = node.Layer;
            for (int k = 0; k < node.Outputs.Length; k++)
            {
                var gradient = gradients[node.Outputs[k]];
                // A layer with one output always has a reader on the way to a loss; only a further output (a state) may have none.
                if (gradient is null && (node.Outputs.Length == 1 || layer.ActivityRegularizer is not null))
                    gradient = Tensor.Zeros(values[node.Outputs[k]]!.Shape.ToArray());
                if (layer.ActivityRegularizer is { } activity) activity.AddGradient(values[node.Outputs[k]]!.Span, gradient!.Span);
                node.OutputGradients[k] = gradient;
            }
            if (layer is Model nested) nested.BackwardCall(node.OutputGradients, node.InputGradients);
            else layer.Backward(node.OutputGradients, node.InputGradients);
            for (int k = 0; k < node.Inputs.Length; k++) Accumulate(gradients, node.Inputs[k], node.InputGradients[k]);
        }
        for (int i = 0; i < _inputSlots.Length; i++) inputGradients[i] = gradients[_inputSlots[i]];
    }

    /// <summary>Adds a reader's gradient to a tensor's; a tensor read twice gets the sum in a new tensor, as either part may be another slot's.</summary>
    private static void Accumulate(Tensor?[] gradients, int slot, Tensor? gradient)
    {
        if (gradient is null) return;
        if (gradients[slot] is not { } held)
        {
            gradients[slot] = gradient;
            return;
        }
        var sum = new float[held.Length];
        TensorPrimitives.Add(held.Span, gradient.Span, sum);
        gradients[slot] = Tensor.From(sum, held.Shape.ToArray());
    }

    private ModelCarry StatefulCarry(int batch)
    {
        int fixedBatch = _inputs[0].BatchSize!.Value;
        if (batch != fixedBatch)
            throw new ArgumentException(
                $"Stateful model '{ModelName}' has a fixed batch size of {fixedBatch} (its Input batchSize); got a batch of {batch}.");
        return _statefulCarry ??= CreateCarry(fixedBatch);
    }
}
