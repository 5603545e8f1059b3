using System.CommandLine;
using LstmActors.Client.Cluster;
using LstmActors.Client.Models;
using LstmActors.Grains.Models;

namespace LstmActors.Client.Streaming;

/// <summary>The options <c>stream</c> and <c>backtest</c> share: the CSV, the model its series go to (name, cell, seasons, routing) and the cluster.</summary>
internal sealed class CsvStreamOptions
{
    private readonly Option<string> _csv = new("--csv") { Description = "Input: header 'series,t,<feature>...', one row per tick, series interleaved or grouped", Required = true, HelpName = "file" };
    private readonly Option<string?> _model = new("--model") { Description = "Model the series belong to; created from the CSV's feature columns if the cluster does not know it (default: the file name)", HelpName = "name" };
    private readonly Option<RecurrentCell> _cell = CellOption.Create();
    private readonly Option<string?> _season = SeasonOption.Create();
    private readonly Option<bool> _scaleHead = new("--scale-head")
    {
        Description = "The network of a model this command creates also predicts the scale of each change (a Gaussian head trained by negative log-likelihood, " +
            "as DeepAR's); each series' 80% interval is then measured in that scale",
    };
    private readonly Option<string[]> _modelOf;
    private readonly Option<string?> _modelColumn;
    private readonly Option<bool> _perSeries;
    private readonly ClusterArguments _cluster = ClusterArguments.GatewayOrEmbedded();

    public CsvStreamOptions() => (_modelOf, _modelColumn, _perSeries) = ModelRouting.CreateOptions();

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _csv, _model, _modelOf, _modelColumn, _perSeries, _cell, _season, _scaleHead }) command.Add(option);
        _cluster.AddTo(command);
    }

    /// <summary>The request the options and the command's own <paramref name="train"/>, <paramref name="weights"/> and <paramref name="pacing"/> make.</summary>
    public CsvStreamRequest Read(ParseResult parse, bool train, string? weights, Pacing? pacing) => new(parse.GetValue(_csv)!, train, parse.GetValue(_model), weights,
        parse.GetValue(_cell), SeasonOption.Periods(parse.GetValue(_season)), parse.GetValue(_scaleHead), pacing, ModelRouting.From(parse.GetValue(_modelOf), parse.GetValue(_modelColumn), parse.GetValue(_perSeries)),
        _cluster.Read(parse), CliConsole.WantsJson(parse));
}
