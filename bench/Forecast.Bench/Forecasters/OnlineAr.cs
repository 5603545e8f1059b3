using LstmActors.Grains.Forecasting;
using LstmActors.Grains.Series;

namespace LstmActors.Bench.Forecast.Forecasters;

/// <summary>
/// The reference of issue #15, and the product's own per-series model without the network: Grains' autoregression
/// (the next change from a drift, the last change, the level and the changes at seasonal lags, by recursive least
/// squares) on Grains' per-series scaling, its prediction shrunk by the series' <see cref="Skill"/>, driven tick by
/// tick as a series grain drives it.
/// </summary>
public sealed class OnlineAr : IOnlineForecaster
{
    private readonly FeatureScaler _scaler = new([false]);
    private readonly Autoregression _model;
    private readonly float[] _prediction = new float[1], _level = new float[1], _scale = new float[1], _skill = new float[Skill.StateLength];
    private double _base;
    private bool _started;

    /// <summary>A model with <paramref name="periods"/> seasons; null: detected from the first changes, as a series without calendar seasons does.</summary>
    public OnlineAr(int[]? periods) => _model = new Autoregression(new AutoregressionState(), 1, periods);

    /// <summary>The periods in use.</summary>
    public IReadOnlyList<int> Periods => _model.State.Periods ?? [];

    /// <inheritdoc />
    public double Predict(IReadOnlyList<double> history) => history[^1] + (double)Skill.Weight(_skill, 0) * _prediction[0] * _scale[0];

    /// <inheritdoc />
    public void Learn(IReadOnlyList<double> history)
    {
        double value = history[^1];
        // The change that came, in the units its prediction was made in.
        if (_started)
        {
            float change = (float)((value - _base) / _scale[0]);
            _model.Learn([change]);
            Skill.Learn(_skill, 0, _prediction[0], change);
        }
        _scaler.Observe([(float)value]);
        _scaler.ScaleLatest(_level);
        _scale[0] = _scaler.ChangeScale(0);
        _base = value;
        _model.Push([value], default);
        _model.Predict(_level, _scale, _prediction);
        _started = true;
    }
}
