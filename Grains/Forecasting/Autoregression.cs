using LstmActors.Grains.Models;

namespace LstmActors.Grains.Forecasting;

/// <summary>
/// A series' own linear model of its next change, added to the shared network's prediction (LSTNet's autoregressive
/// highway): per predicted feature, the next change in change units from a drift, the last change, the level, and for
/// each seasonal period the change at the same phase one and two periods ago, trained online by recursive least
/// squares with forgetting. Periods come from the model, from the ticks' calendar, or else from the series' first
/// changes (<see cref="SeasonDetection"/>). It carries what is linear and series-specific (seasonality, drift, mean reversion) from the
/// first ticks on, which a shared network trained on few windows cannot; the network learns the rest.
/// </summary>
internal sealed class Autoregression
{
    /// <summary>Forgetting per tick: an example's weight halves after about 140 ticks.</summary>
    public const double Forgetting = 0.995;

    /// <summary>Starting inverse covariance, times the identity.</summary>
    public const double Prior = 100;

    /// <summary>
    /// Starting inverse covariance of a detected season's inputs: the model already predicts, so new weights start
    /// cautious (about one change unit per change unit of input) and move as far as the outcomes pin them.
    /// </summary>
    public const double AddedPrior = 1;

    private readonly int _p;
    private readonly int[]? _seasons;

    /// <summary>The model of <paramref name="predicted"/> features over <paramref name="state"/>; <paramref name="seasons"/> null: from the ticks' spacing.</summary>
    public Autoregression(AutoregressionState state, int predicted, int[]? seasons)
    {
        State = state;
        _p = predicted;
        _seasons = seasons;
        if (State.Last.Length != predicted) State.Last = new double[predicted];
        if (State.Periods is { } periods) Size(periods, allocate: State.Weights.Length == 0);
    }

    /// <summary>The stored state, updated in place.</summary>
    public AutoregressionState State { get; }

    /// <summary>Inputs per feature: drift, last change, level, two per period.</summary>
    public int Inputs { get; private set; } = 3;

    /// <summary>Values kept per feature: enough to reach two periods back.</summary>
    public int HistoryLength { get; private set; } = 2;

    /// <summary>The outcome of the pending prediction: <paramref name="changes"/>[i] is the change that followed, in the units it was predicted in.</summary>
    public void Learn(ReadOnlySpan<float> changes)
    {
        if (!State.Pending) return;
        int d = Inputs;
        for (int i = 0; i < _p; i++)
            RecursiveLeastSquares.Learn(State.Weights.AsSpan(i * d, d), State.Inverse.AsSpan(i * d * d, d * d), State.Inputs.AsSpan(i * d, d), changes[i], Forgetting);
        State.Pending = false;
        State.Learnt++;
    }

    /// <summary>
    /// Records the latest (transformed) values of the predicted features and their time. Returns the season detected
    /// from the series' first changes by this value (<see cref="SeasonDetection"/>), or 0.
    /// </summary>
    public int Push(ReadOnlySpan<double> values, DateTimeOffset time)
    {
        if (State.Periods is null && State.Count == 1)
        {
            var periods = _seasons ?? CalendarSeasons.Of(time - State.LastTime);
            if (_seasons is null && periods.Length > 0) State.CalendarSpacing = time - State.LastTime;
            Size(periods, allocate: true);
            // Without seasons from the model or the calendar, the first changes may show one.
            if (_seasons is null && periods.Length == 0)
            {
                State.Early = new double[_p * SeasonDetection.Values];
                for (int i = 0; i < _p; i++) State.Early[i * SeasonDetection.Values] = State.Last[i];
            }
        }
        if (State.Periods is not null)
        {
            int length = HistoryLength;
            for (int i = 0; i < _p; i++) State.History[i * length + (int)(State.Count % length)] = values[i];
        }
        values.CopyTo(State.Last);
        State.LastTime = time;
        State.Count++;
        return State.Early.Length > 0 ? Detect(values) : 0;
    }

    /// <summary>Keeps the value for detection and looks for a season when enough changes are in.</summary>
    private int Detect(ReadOnlySpan<double> values)
    {
        int changes = (int)State.Count - 1;
        for (int i = 0; i < _p; i++) State.Early[i * SeasonDetection.Values + changes] = values[i];
        if (!SeasonDetection.Checks.Contains(changes)) return 0;
        int period = SeasonDetection.Detect(State.Early, _p, changes, out _);
        if (period > 0)
        {
            AddSeason(period);
            // The history ring is refilled with the values kept, so the new lags reach back at once.
            int length = HistoryLength;
            for (long index = Math.Max(0, State.Count - length); index < State.Count; index++)
            for (int i = 0; i < _p; i++)
                State.History[i * length + (int)(index % length)] = State.Early[i * SeasonDetection.Values + index];
        }
        if (period > 0 || changes == SeasonDetection.Checks[^1]) State.Early = [];
        return period;
    }

    /// <summary>
    /// Predicts the next change of each feature in units of <paramref name="scales"/> (the change scale now), from the
    /// values pushed and the features' standardised <paramref name="levels"/>. It learns from every change once two are
    /// known, but predicts no change until it has learnt from as many as it has inputs: fewer cannot pin its weights down.
    /// </summary>
    public void Predict(ReadOnlySpan<float> levels, ReadOnlySpan<float> scales, Span<float> predictions)
    {
        if (State.Count < 3 || State.Periods is null)
        {
            predictions.Clear();
            return;
        }
        int d = Inputs, length = HistoryLength;
        bool trusted = State.Learnt >= d;
        long next = State.Count; // the index of the value predicted
        var periods = State.Periods;
        for (int i = 0; i < _p; i++)
        {
            var x = State.Inputs.AsSpan(i * d, d);
            double scale = scales[i];
            x[0] = 1;
            x[1] = (Value(i, next - 1, length) - Value(i, next - 2, length)) / scale;
            x[2] = levels[i];
            for (int s = 0; s < periods.Length; s++)
            for (int k = 1; k <= 2; k++)
            {
                // The change into index next − k·period, i.e. this change's phase k periods ago; 0 before the data reach back.
                long at = next - k * periods[s];
                x[3 + 2 * s + k - 1] = at >= 1 ? (Value(i, at, length) - Value(i, at - 1, length)) / scale : 0;
            }
            predictions[i] = trusted ? (float)RecursiveLeastSquares.Predict(State.Weights.AsSpan(i * d, d), x) : 0;
        }
        State.Pending = true;
    }

    /// <summary>
    /// Writes the network's series inputs (<see cref="ModelDefinition.SeriesInputWidth"/>) for the latest value, from
    /// the inputs of the prediction just made: per feature the last change, then per network season and lag (one and two
    /// seasons ago) the lag's change per feature, then per network season the sin and cos of the phase. Changes are
    /// clipped to ±<see cref="InputClip"/> change units, so a series' wild first ticks cannot swamp the shared network.
    /// Zeros until the autoregression predicts, and for seasons the series does not have.
    /// </summary>
    public void WriteSeriesInputs(Span<float> inputs)
    {
        inputs.Clear();
        if (State.Count < 3 || State.Periods is not { } periods) return;
        int d = Inputs, seasons = Math.Min(periods.Length, ModelDefinition.NetworkSeasons);
        for (int i = 0; i < _p; i++)
        {
            var x = State.Inputs.AsSpan(i * d, d);
            inputs[i] = Clip(x[1]);
            for (int s = 0; s < seasons; s++)
            for (int k = 0; k < 2; k++)
                inputs[_p + (2 * s + k) * _p + i] = Clip(x[3 + 2 * s + k]);
        }
        int phases = _p * (1 + 2 * ModelDefinition.NetworkSeasons);
        for (int s = 0; s < seasons; s++)
        {
            double angle = 2 * Math.PI * Phase(periods[s]);
            inputs[phases + 2 * s] = (float)Math.Sin(angle);
            inputs[phases + 2 * s + 1] = (float)Math.Cos(angle);
        }
    }

    /// <summary>Bound of the change inputs written by <see cref="WriteSeriesInputs"/>, in change units.</summary>
    public const float InputClip = 8;

    private static float Clip(double change) => (float)Math.Clamp(change, -InputClip, InputClip);

    /// <summary>
    /// Where the latest value sits in a season of <paramref name="period"/> ticks, in [0, 1). Calendar seasons use the
    /// latest tick's clock time (time of day, day of week, time of year), the same for every series of a kind; other
    /// seasons count ticks from the series' first.
    /// </summary>
    private double Phase(int period)
    {
        var spacing = State.CalendarSpacing;
        if (spacing <= TimeSpan.Zero) return (double)((State.Count - 1) % period) / period;
        var time = State.LastTime;
        if (spacing.TotalDays >= 28) return (time.DayOfYear - 1 + time.TimeOfDay.TotalDays) / (DateTime.IsLeapYear(time.Year) ? 366 : 365);
        // Day 0 of DateTime is a Monday at midnight, so a day or week counted from it starts at midnight or on Monday.
        long span = period * spacing.Ticks;
        return (double)(time.Ticks % span) / span;
    }

    /// <summary>The time of the value after the latest, for a forecast that runs ahead: a calendar month or quarter on, or one spacing.</summary>
    public DateTimeOffset NextTime()
    {
        var spacing = State.CalendarSpacing;
        if (spacing <= TimeSpan.Zero) return State.LastTime;
        return spacing.TotalDays >= 28 ? State.LastTime.AddMonths(spacing.TotalDays >= 89 ? 3 : 1) : State.LastTime + spacing;
    }

    private double Value(int feature, long index, int length) => State.History[feature * length + (int)(index % length)];

    private void Size(int[] periods, bool allocate)
    {
        State.Periods = periods;
        Inputs = 3 + 2 * periods.Length;
        HistoryLength = 2 * (periods.Length > 0 ? periods.Max() : 0) + 2;
        if (!allocate) return;
        int d = Inputs;
        State.History = new double[_p * HistoryLength];
        State.Weights = new double[_p * d];
        State.Inverse = new double[_p * d * d];
        State.Inputs = new double[_p * d];
        for (int i = 0; i < _p; i++) RecursiveLeastSquares.Start(State.Weights.AsSpan(i * d, d), State.Inverse.AsSpan(i * d * d, d * d), Prior);
        State.Learnt = 0;
        State.Pending = false;
        // The first value came before the periods were known.
        for (int i = 0; i < _p; i++) State.History[i * HistoryLength] = State.Last[i];
    }

    /// <summary>
    /// Adds a detected season's lag inputs to the model: what it learnt of the first inputs (drift, last change, level)
    /// is kept, and the new inputs start at weight 0 with <see cref="AddedPrior"/>, so the series loses nothing.
    /// </summary>
    private void AddSeason(int period)
    {
        var (weights, inverse, before) = (State.Weights, State.Inverse, Inputs);
        long learnt = State.Learnt;
        Size([.. State.Periods!, period], allocate: true);
        int d = Inputs;
        for (int i = 0; i < _p; i++)
        {
            weights.AsSpan(i * before, before).CopyTo(State.Weights.AsSpan(i * d));
            for (int row = 0; row < before; row++)
                inverse.AsSpan(i * before * before + row * before, before).CopyTo(State.Inverse.AsSpan(i * d * d + row * d));
            for (int row = before; row < d; row++) State.Inverse[i * d * d + row * d + row] = AddedPrior;
        }
        State.Learnt = learnt;
    }
}
