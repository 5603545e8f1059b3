namespace LstmActors.Grains.Batching;

/// <summary>
/// A series' run of consecutive steps handed to the <see cref="StepBatcher"/>: the batcher advances <see cref="Carry"/>
/// by one step per batch, in place, and writes each step's network output. Owned and reused by one series; the series
/// must not touch it until the <see cref="StepTicket"/> of its submission ends.
/// </summary>
internal sealed class StepRequest
{
    /// <summary>A request for a model of <paramref name="features"/> inputs and <paramref name="outputs"/> outputs per step.</summary>
    public StepRequest(int features, int outputs)
    {
        Features = features;
        OutputsPerStep = outputs;
    }

    /// <summary>Inputs per step (F).</summary>
    public int Features { get; }

    /// <summary>Outputs per step (P).</summary>
    public int OutputsPerStep { get; }

    /// <summary>The carry (h, c per layer, laid out layer by layer as [h | c]), advanced in place.</summary>
    public float[] Carry { get; private set; } = [];

    /// <summary>Scaled inputs, (steps, F); with feedback only row 0 is given and later rows are written by the batcher.</summary>
    public float[] Inputs { get; private set; } = [];

    /// <summary>Network outputs, (steps, P).</summary>
    public float[] Outputs { get; private set; } = [];

    /// <summary>Steps asked for.</summary>
    public int Steps { get; private set; }

    /// <summary>Steps done so far (batcher only).</summary>
    public int Done { get; set; }

    /// <summary>When set, it writes each next input from the step before (forecasting).</summary>
    public IStepFeedback? Feedback { get; private set; }

    /// <summary>The weights version of the last step run.</summary>
    public int Version { get; set; }

    /// <summary>Readies the request for <paramref name="steps"/> steps from <paramref name="carry"/>, growing its buffers only when they are too small.</summary>
    public void Prepare(float[] carry, int steps, IStepFeedback? feedback = null)
    {
        Carry = carry;
        Steps = steps;
        Done = 0;
        Feedback = feedback;
        if (Inputs.Length < steps * Features) Inputs = new float[Math.Max(steps, 16) * Features];
        if (Outputs.Length < steps * OutputsPerStep) Outputs = new float[Math.Max(steps, 16) * OutputsPerStep];
    }
}
