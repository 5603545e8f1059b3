namespace LstmActors.Engine.Recurrent;

/// <summary>
/// What <see cref="RecurrentKernel.Backward"/> needs from a GRU or SimpleRNN forward pass, time-major (row t·batch + b),
/// plus the backward scratch. Reusable: a later pass of the same or smaller size records into the same buffers.
/// </summary>
public sealed class RecurrentTape
{
    private readonly int _f, _h, _g;

    /// <summary>A tape with room for (batch, timesteps) of a layer with F inputs, H units and G = gates·H gate columns.</summary>
    public RecurrentTape(int inputSize, int units, int gateColumns, int batch, int timesteps)
    {
        if (batch <= 0) throw new ArgumentOutOfRangeException(nameof(batch), batch, "Tape batch must be positive.");
        if (timesteps <= 0) throw new ArgumentOutOfRangeException(nameof(timesteps), timesteps, "Tape timesteps must be positive.");
        _f = inputSize;
        _h = units;
        _g = gateColumns;
        Allocate(batch * timesteps, batch);
    }

    /// <summary>Rows of the last recorded forward pass (0 before any).</summary>
    public int Batch { get; private set; }

    /// <summary>Timesteps of the last recorded forward pass (0 before any).</summary>
    public int Timesteps { get; private set; }

    /// <summary>Inputs through the input dropout mask, (T·B, F).</summary>
    internal float[] X = [];

    /// <summary>Input products x·W, plus the input bias unless the step computes them itself, (T·B, G).</summary>
    internal float[] InputProducts = [];

    /// <summary>The previous h through the recurrent dropout mask, as each step reads it, (T·B, H).</summary>
    internal float[] PreviousH = [];

    /// <summary>Recurrent products h·U (+ recurrent bias), (T·B, G).</summary>
    internal float[] RecurrentProducts = [];

    /// <summary>Activated gates per step, (T·B, G).</summary>
    internal float[] Gates = [];

    /// <summary>A per-step (B, H) value a cell keeps for backward (GRU without resetAfter: r ⊙ h), (T·B, H).</summary>
    internal float[] Extra = [];

    /// <summary>Backward: gradients of the input-side and recurrent-side pre-activations, (T·B, G) each.</summary>
    internal float[] InputGradients = [], RecurrentGradients = [];

    /// <summary>
    /// Backward scratch, (B, H) each: the gradient reaching this step's h, the one carried to the previous step's h, and two
    /// spares for the cell (a row's spares belong to the thread working on that row).
    /// </summary>
    internal float[] StepGradient = [], CarriedGradient = [], Spare = [], SecondSpare = [];

    /// <summary>The dropout masks the recorded forward pass used.</summary>
    internal DropoutMasks? Masks;

    /// <summary>Whether the tape was made for this layer shape.</summary>
    internal bool Fits(int inputSize, int units, int gateColumns) => inputSize == _f && units == _h && gateColumns == _g;

    /// <summary>Makes room for (batch, timesteps), reallocating only when it does not fit, and marks the size recorded.</summary>
    internal void Prepare(int batch, int timesteps, DropoutMasks? masks)
    {
        int rows = batch * timesteps;
        int heldRows = Gates.Length / _g, heldBatch = StepGradient.Length / _h;
        if (rows > heldRows || batch > heldBatch) Allocate(Math.Max(rows, heldRows), Math.Max(batch, heldBatch));
        Batch = batch;
        Timesteps = timesteps;
        Masks = masks;
    }

    private void Allocate(int rows, int batch)
    {
        X = new float[rows * _f];
        InputProducts = new float[rows * _g];
        PreviousH = new float[rows * _h];
        RecurrentProducts = new float[rows * _g];
        Gates = new float[rows * _g];
        Extra = new float[rows * _h];
        InputGradients = new float[rows * _g];
        RecurrentGradients = new float[rows * _g];
        StepGradient = new float[batch * _h];
        CarriedGradient = new float[batch * _h];
        Spare = new float[batch * _h];
        SecondSpare = new float[batch * _h];
    }
}
