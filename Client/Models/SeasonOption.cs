using System.CommandLine;
using System.Globalization;
using LstmActors.Grains.Models;

namespace LstmActors.Client.Models;

/// <summary>The <c>--season</c> option: the seasonal periods a model this command creates gives each series' own autoregression.</summary>
public static class SeasonOption
{
    /// <summary>A new <c>--season 48,336</c> option; without it the periods come from each series' tick spacing (read it with <see cref="Periods"/>).</summary>
    public static Option<string?> Create()
    {
        var option = new Option<string?>("--season")
        {
            Description = "Seasonal periods in ticks, comma-separated, for a model this command creates (e.g. 48,336 for half-hourly ticks; 'none' for none). " +
                "Default: from each series' tick spacing (a day and a week for intraday ticks, a week for daily, a year for monthly and quarterly), or detected from its first changes when its ticks have no such calendar",
            HelpName = "periods",
        };
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count == 1 && Error(result.Tokens[0].Value) is { } error) result.AddError(error);
        });
        return option;
    }

    /// <summary>The periods <paramref name="text"/> names: null for none given (from the tick spacing), empty for "none".</summary>
    public static int[]? Periods(string? text) =>
        text is null ? null
        : text.Equals("none", StringComparison.OrdinalIgnoreCase) ? []
        : text.Split(',', StringSplitOptions.TrimEntries).Select(p => int.Parse(p, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray();

    private static string? Error(string text)
    {
        if (text.Equals("none", StringComparison.OrdinalIgnoreCase)) return null;
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var period) || period < 2 || period > ModelDefinition.MaxSeason)
                return $"--season: '{part}' is not a period; give whole numbers of ticks from 2 to {ModelDefinition.MaxSeason}, comma-separated (e.g. 48,336), or 'none'.";
        }
        return null;
    }
}
