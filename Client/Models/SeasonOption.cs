using System.CommandLine;
using System.Globalization;
using LstmActors.Grains.Models;

namespace LstmActors.Client.Models;

/// <summary>The <c>--season</c> option: the seasonal periods a model this command creates gives each series' own autoregression.</summary>
public static class SeasonOption
{
    /// <summary>A new <c>--season 48,336</c> option; without it the periods come from each series' tick spacing.</summary>
    public static Option<int[]?> Create()
    {
        var option = new Option<int[]?>("--season")
        {
            Description = "Seasonal periods in ticks, comma-separated, for a model this command creates (e.g. 48,336 for half-hourly ticks; 'none' for none). " +
                "Default: from each series' tick spacing (a day and a week for intraday ticks, a week for daily, a year for monthly and quarterly)",
            HelpName = "periods",
            Arity = ArgumentArity.ExactlyOne,
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
                if (text.Equals("none", StringComparison.OrdinalIgnoreCase)) return [];
                var periods = new List<int>();
                foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
                {
                    if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var period) || period < 2 || period > ModelDefinition.MaxSeason)
                    {
                        result.AddError($"--season: '{part}' is not a period; give whole numbers of ticks from 2 to {ModelDefinition.MaxSeason}, comma-separated (e.g. 48,336), or 'none'.");
                        return null;
                    }
                    periods.Add(period);
                }
                return periods.ToArray();
            },
        };
        return option;
    }
}
