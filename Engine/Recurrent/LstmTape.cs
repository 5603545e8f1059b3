namespace LstmActors.Engine.Recurrent;

/// <summary>
/// What <see cref="LstmKernel.Backward"/> needs from a forward pass, time-major (row t·batch + b).
/// Reusable: a later forward of the same or smaller size records into the same buffers without reallocating.
/// </summary>
public sealed class LstmTape
{
    /// <summary>A tape with room for (batch, timesteps) of the given layer.</summary>
    public LstmTape(LstmSpec spec, int batch, int timesteps)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (batch <= 0) throw new ArgumentOutOfRangeException(nameof(batch), batch, "Tape batch must be positive.");
        if (timesteps <= 0) throw new ArgumentOutOfRangeException(nameof(timesteps), timesteps, "Tape timesteps must be positive.");
        Spec = spec;
        Allocate(batch * timesteps, batch);
    }

    /// <summary>The layer shape this tape records.</summary>
    public LstmSpec Spec { get; }

    /// <summary>Rows of the last recorded forward pass (0 before any).</summary>
    public int Batch { get; private set; }

    /// <summary>Timesteps of the last recorded forward pass (0 before any).</summary>
    public int Timesteps { get; private set; }

    /// <summary>Inputs of each step's gate product: [x ⊙ input mask, h(t-1) ⊙ recurrent mask, 1], (T·B, F+H+1).</summary>
    internal float[] Xh = [];

    /// <summary>Activated gates i, f, c̃, o per step, (T·B, 4H).</summary>
    internal float[] Gates = [];

    /// <summary>Cell states: block 0 is the initial c, block t+1 is c after step t, ((T+1)·B, H).</summary>
    internal float[] Cells = [];

    /// <summary>activation(c) per step, (T·B, H).</summary>
    internal float[] ActivatedCells = [];

    /// <summary>Backward scratch: gate gradients per step, (T·B, 4H).</summary>
    internal float[] GateGradients = [];

    /// <summary>Backward scratch: running dh and dc, (B, H) each.</summary>
    internal float[] HiddenGradient = [], CellGradient = [];

    /// <summary>The dropout masks the recorded forward pass used.</summary>
    internal DropoutMasks? Masks;

    /// <summary>Makes room for (batch, timesteps), reallocating only when it does not fit, and marks the size recorded.</summary>
    internal void Prepare(int batch, int timesteps, DropoutMasks? masks)
    {
        int rows = batch * timesteps;
        if (rows > Gates.Length / (4 * Spec.Units) || batch > HiddenGradient.Length / Spec.Units)
            Allocate(Math.Max(rows, Gates.Length / (4 * Spec.Units)), Math.Max(batch, HiddenGradient.Length / Spec.Units));
        Batch = batch;
        Timesteps = timesteps;
        Masks = masks;
    }

    private void Allocate(int rows, int batch)
    {
        int f = Spec.InputSize, h = Spec.Units;
        Xh = new float[rows * (f + h + 1)];
        Gates = new float[rows * 4 * h];
        Cells = new float[(rows + batch) * h];
        ActivatedCells = new float[rows * h];
        GateGradients = new float[rows * 4 * h];
        HiddenGradient = new float[batch * h];
        CellGradient = new float[batch * h];
    }
}
