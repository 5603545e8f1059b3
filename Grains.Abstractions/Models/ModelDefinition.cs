namespace LstmActors.Grains.Models;

/// <summary>
/// What a model is: the kind of series it serves, their features (in tick order), which features it predicts one step
/// ahead, which features are log1p-transformed before scaling, the LSTM stack, the training window and the optimizer.
/// Every series belongs to one model; all series of a model share its weights.
/// </summary>
/// <param name="Name">Model name, the model grain's key.</param>
/// <param name="SeriesKind">Kind of series served, e.g. "stocks" or "tanks".</param>
/// <param name="Features">Feature names in the order ticks carry them.</param>
/// <param name="PredictedFeatures">Features whose next value is predicted (a subset of <paramref name="Features"/>).</param>
/// <param name="LogFeatures">Features passed through log1p before scaling (heavy-tailed, non-negative values such as volume).</param>
/// <param name="Units">Units (H) of every recurrent layer.</param>
/// <param name="Layers">Number of stacked recurrent layers.</param>
/// <param name="WindowLength">Steps per training window (truncated BPTT length).</param>
/// <param name="Optimizer">The optimizer the model grain steps with.</param>
/// <param name="Training">Synchronous or asynchronous online training, or off.</param>
/// <param name="Seed">Seed of the initial weights.</param>
/// <param name="Cell">The recurrent layer stacked: LSTM (the default, also for definitions stored before cells could be chosen) or GRU.</param>
/// <param name="Autoregression">
/// Whether each series adds a linear autoregression of its own to the network's prediction (LSTNet's highway): the next
/// change from a drift, the last change, the level and the changes at seasonal lags, trained online per series by
/// recursive least squares; the network learns what it leaves. Off for definitions stored before it existed.
/// </param>
/// <param name="Seasons">Seasonal periods in ticks for the autoregression's lag inputs; null: from the spacing of each series' ticks (a day and a week for intraday ticks, a week for daily, a year for monthly and quarterly).</param>
/// <param name="SeriesInputs">
/// Whether the network sees, beside the scaled features, what each series derives from its own past: per predicted
/// feature the last change and the changes at the same phase one and two seasons ago (for the first
/// <see cref="NetworkSeasons"/> seasons), and the phase in each of those seasons as sin and cos (from the calendar for
/// dated ticks). Needs <paramref name="Autoregression"/>, whose history holds them. Off for definitions stored before it existed.
/// </param>
/// <param name="ScaleHead">
/// Whether the network also predicts the scale of each predicted change (a Gaussian head trained by negative
/// log-likelihood, as DeepAR's): the Dense head gives P means then P raw scales. Each series' 80% interval is then
/// measured in that scale. Off for definitions stored before it existed (their head predicts the means alone, by MSE).
/// </param>
[GenerateSerializer, Alias("lstmactors.ModelDefinition")]
public sealed record ModelDefinition(
    string Name,
    string SeriesKind,
    string[] Features,
    string[] PredictedFeatures,
    string[] LogFeatures,
    int Units,
    int Layers,
    int WindowLength,
    OptimizerSettings Optimizer,
    TrainingSettings Training,
    int Seed,
    RecurrentCell Cell = RecurrentCell.Lstm,
    bool Autoregression = false,
    int[]? Seasons = null,
    bool SeriesInputs = false,
    bool ScaleHead = false)
{
    /// <summary>Seasons whose lags and phase the network sees with <see cref="SeriesInputs"/> (the autoregression uses every season).</summary>
    public const int NetworkSeasons = 2;

    /// <summary>The longest seasonal period a model may name, in ticks.</summary>
    public const int MaxSeason = 10_000;

    /// <summary>
    /// A model for series with the given features and sensible defaults: predict every feature, log1p on a feature
    /// named "volume", one LSTM layer of 32 units, windows of 16 steps, Adam, synchronous rounds, and each series' own
    /// autoregression beside the network with seasons from its ticks' spacing, and the series' own inputs for the network.
    /// No scale head: on the committed series it measured slightly worse than the series' own intervals (Grains/README.md).
    /// </summary>
    public static ModelDefinition ForFeatures(string name, string seriesKind, IReadOnlyList<string> features) => new(
        name,
        seriesKind,
        features.ToArray(),
        features.ToArray(),
        features.Where(f => f.Equals("volume", StringComparison.OrdinalIgnoreCase)).ToArray(),
        Units: 32,
        Layers: 1,
        WindowLength: 16,
        new OptimizerSettings("adam", 0.003f, 1f),
        new TrainingSettings(TrainingMode.Synchronous, StalenessBound: 4, RoundDeadline: TimeSpan.FromSeconds(2), CheckpointEvery: 10),
        Seed: 1,
        Autoregression: true,
        SeriesInputs: true);

    /// <summary>Throws an <see cref="ArgumentException"/> naming the model and the first thing wrong with it.</summary>
    public ModelDefinition Validate()
    {
        string Where() => $"Model definition '{Name}'";
        if (string.IsNullOrWhiteSpace(Name)) throw new ArgumentException("Model definition has no name.");
        if (Features is null || Features.Length == 0) throw new ArgumentException($"{Where()} has no features.");
        var duplicate = Features.GroupBy(f => f, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"{Where()} lists feature '{duplicate.Key}' twice.");
        if (PredictedFeatures is null || PredictedFeatures.Length == 0) throw new ArgumentException($"{Where()} predicts no feature.");
        foreach (var f in PredictedFeatures.Concat(LogFeatures ?? []))
        {
            if (!Features.Contains(f, StringComparer.Ordinal))
                throw new ArgumentException($"{Where()} names feature '{f}', which is not among its features [{string.Join(", ", Features)}].");
        }
        if (Units <= 0) throw new ArgumentException($"{Where()} has {Units} units; units must be positive.");
        if (Layers <= 0) throw new ArgumentException($"{Where()} has {Layers} layers; at least one recurrent layer is needed.");
        if (!Enum.IsDefined(Cell)) throw new ArgumentException($"{Where()} has cell {(int)Cell}; known: {string.Join(", ", Enum.GetNames<RecurrentCell>())}.");
        foreach (var season in Seasons ?? [])
        {
            if (season is < 2 or > MaxSeason) throw new ArgumentException($"{Where()} names season {season}; a season is between 2 and {MaxSeason} ticks.");
        }
        if (SeriesInputs && !Autoregression) throw new ArgumentException($"{Where()} asks for series inputs without the autoregression; its history is what they are made of.");
        if (WindowLength <= 0) throw new ArgumentException($"{Where()} has window length {WindowLength}; it must be positive.");
        if (Optimizer is null || Training is null) throw new ArgumentException($"{Where()} has no optimizer or training settings.");
        if (Training.StalenessBound < 0) throw new ArgumentException($"{Where()} has staleness bound {Training.StalenessBound}; it cannot be negative.");
        if (Training.CheckpointEvery <= 0) throw new ArgumentException($"{Where()} checkpoints every {Training.CheckpointEvery} versions; it must be positive.");
        if (Training.RoundDeadline <= TimeSpan.Zero) throw new ArgumentException($"{Where()} has round deadline {Training.RoundDeadline}; it must be positive.");
        if (!OptimizerSettings.Known.Contains(Optimizer.Name))
            throw new ArgumentException($"{Where()}: unknown optimizer '{Optimizer.Name}'; known: {string.Join(", ", OptimizerSettings.Known)}.");
        if (!(Optimizer.LearningRate > 0) || !float.IsFinite(Optimizer.LearningRate))
            throw new ArgumentException($"{Where()} has learning rate {Optimizer.LearningRate}; it must be a positive number.");
        return this;
    }

    /// <summary>Inputs the network takes per step: the features, then with <see cref="SeriesInputs"/> the series' own (<see cref="SeriesInputWidth"/>).</summary>
    public int InputWidth => Features.Length + (SeriesInputs ? SeriesInputWidth : 0);

    /// <summary>Series inputs per step: per predicted feature the last change and two lags per network season, then sin and cos per network season.</summary>
    public int SeriesInputWidth => PredictedFeatures.Length * (1 + 2 * NetworkSeasons) + 2 * NetworkSeasons;

    /// <summary>Outputs of the network per step: the P predicted changes, then with <see cref="ScaleHead"/> their P raw scales.</summary>
    public int OutputWidth => PredictedFeatures.Length * (ScaleHead ? 2 : 1);

    /// <summary>Floats of one series' carry: per layer its states (LSTM: h then c; GRU: h), each of <see cref="Units"/>.</summary>
    public int CarryLength => Layers * StatesPerLayer * Units;

    /// <summary>States each layer carries: 2 for LSTM (h, c), 1 for GRU (h).</summary>
    public int StatesPerLayer => Cell == RecurrentCell.Lstm ? 2 : 1;

    /// <summary>Index in <see cref="Features"/> of each predicted feature, in <see cref="PredictedFeatures"/> order.</summary>
    public int[] PredictedIndices() => PredictedFeatures.Select(f => Array.IndexOf(Features, f)).ToArray();

    /// <summary>Per feature, whether it is log1p-transformed.</summary>
    public bool[] LogMask() => Features.Select(f => LogFeatures.Contains(f, StringComparer.Ordinal)).ToArray();
}
