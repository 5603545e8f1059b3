namespace LstmActors.Web.Live;

/// <summary>What the live page's front shows, as one JSON event: the models, the silos' tick rates and the series asked for.</summary>
/// <param name="Silo">Name of the silo answering.</param>
/// <param name="SeriesCount">Series active in the cluster (all silos) that match the search.</param>
/// <param name="Series">The first of them by id, as many as asked for.</param>
/// <param name="Models">Every model of the cluster's catalog.</param>
/// <param name="Silos">Every active silo with its tick rates.</param>
public sealed record OverviewView(string Silo, int SeriesCount, SeriesRow[] Series, ModelView[] Models, SiloView[] Silos);

/// <summary>One series in the list.</summary>
/// <param name="Id">The series id.</param>
/// <param name="Model">Its model, or null before its first tick.</param>
/// <param name="Silo">The silo hosting it now.</param>
/// <param name="TicksSeen">Ticks applied.</param>
/// <param name="ModelVersion">Weights version of its latest step.</param>
/// <param name="LastPrediction">The latest prediction, one value per predicted feature.</param>
/// <param name="RecentError">Moving average of the model's squared error (scaled units).</param>
/// <param name="RecentNaiveError">The same for the naive forecast "next = last".</param>
/// <param name="IntervalCoverage">Share of its ticks inside their 80% interval so far; null before any.</param>
/// <param name="Anomalies">Ticks flagged as anomalies so far.</param>
public sealed record SeriesRow(string Id, string? Model, string Silo, long TicksSeen, int ModelVersion, float[] LastPrediction, double RecentError, double RecentNaiveError,
    double? IntervalCoverage, long Anomalies);

/// <summary>One model: version, optimizer steps and the recent loss curve.</summary>
/// <param name="Name">Model name.</param>
/// <param name="Version">Current weights version.</param>
/// <param name="Steps">Optimizer steps taken.</param>
/// <param name="PredictedFeatures">The features its predictions are of, in order.</param>
/// <param name="Losses">Recent (version, loss) points, oldest first.</param>
/// <param name="ErrorVsNaive">Its series' squared error so far ÷ the naive forecast's, over every silo; null before any scored tick.</param>
/// <param name="IntervalCoverage">Share of its series' ticks inside their 80% interval so far; null before any.</param>
/// <param name="Anomalies">Its series' ticks flagged as anomalies so far.</param>
public sealed record ModelView(string Name, int Version, long Steps, string[] PredictedFeatures, double[][] Losses, double? ErrorVsNaive, double? IntervalCoverage, long Anomalies);

/// <summary>One active silo and the ticks per second each of its step batchers runs.</summary>
/// <param name="Silo">Its address.</param>
/// <param name="Name">Its silo name.</param>
/// <param name="TicksPerSecond">Ticks per second per model it serves.</param>
public sealed record SiloView(string Silo, string Name, Dictionary<string, double> TicksPerSecond);
