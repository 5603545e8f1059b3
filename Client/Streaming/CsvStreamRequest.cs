using LstmActors.Client.Cluster;
using LstmActors.Client.Models;
using LstmActors.Grains.Models;

namespace LstmActors.Client.Streaming;

/// <summary>What to stream from a CSV and how (the options <c>stream</c> and <c>backtest</c> share).</summary>
/// <param name="Csv">The long-format CSV.</param>
/// <param name="Train">Whether a model this stream creates trains online.</param>
/// <param name="Model">The model's name; default: the file's name, or the fitted model's.</param>
/// <param name="Weights">A <c>fit</c> file to start the model from.</param>
/// <param name="Cell">The recurrent layer of a model this stream creates.</param>
/// <param name="Seasons">The seasonal periods of a model this stream creates; null: from the tick spacing.</param>
/// <param name="ScaleHead">Whether the network of a model this stream creates predicts each change's scale too.</param>
/// <param name="Pacing">Data or time pacing; null: data when the model trains.</param>
/// <param name="Routing">Which model each series goes to.</param>
/// <param name="Target">The cluster.</param>
/// <param name="Json">Machine-readable output only.</param>
internal sealed record CsvStreamRequest(string Csv, bool Train, string? Model, string? Weights, RecurrentCell Cell, int[]? Seasons, bool ScaleHead, Pacing? Pacing,
    ModelRouting Routing, ClusterTarget Target, bool Json);
