using System.CommandLine;
using System.Text.RegularExpressions;
using LstmActors.Client.Csv;

namespace LstmActors.Client.Models;

/// <summary>
/// Which model each series of a stream belongs to (<c>--model-of PATTERN=MODEL</c>, <c>--model-column COLUMN</c>,
/// <c>--model-per-series</c>): the first pattern its id matches (a .NET regular expression, anywhere in the id), else
/// the model its rows name in the model column, else its own model with <c>--model-per-series</c> (named
/// <c>MODEL/SERIES</c>), else the stream's model. Patterns come first because the command line is the later, more
/// deliberate word than the file: they override a file's column for the series they name.
/// </summary>
internal sealed class ModelRouting(IReadOnlyList<(Regex Pattern, string Model)> routes, string? column, bool perSeries)
{
    /// <summary>Every series to the stream's model.</summary>
    public static ModelRouting None { get; } = new([], null, false);

    /// <summary>Whether series may go to models other than the stream's.</summary>
    public bool Routes => routes.Count > 0 || column is not null || perSeries;

    /// <summary>The CSV column whose cell names each row's model; null for none.</summary>
    public string? Column => column;

    /// <summary>The model of the series of <paramref name="row"/>, for a stream whose model is <paramref name="model"/>.</summary>
    public string ModelOf(TickRow row, string model)
    {
        foreach (var (pattern, name) in routes)
        {
            if (pattern.IsMatch(row.Series)) return name;
        }
        if (row.Model is { } named) return named;
        return perSeries ? $"{model}/{row.Series}" : model;
    }

    /// <summary>The three options.</summary>
    public static (Option<string[]> ModelOf, Option<string?> Column, Option<bool> PerSeries) CreateOptions()
    {
        var modelOf = new Option<string[]>("--model-of")
        {
            Description = "Series whose id matches PATTERN (a regular expression) go to model MODEL, e.g. 'DAX|CAC=indices'; repeatable, first match wins",
            HelpName = "PATTERN=MODEL",
            Arity = ArgumentArity.ZeroOrMore,
        };
        modelOf.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (Parse(token.Value).Error is { } error) result.AddError($"--model-of '{token.Value}': {error}");
            }
        });
        var column = new Option<string?>("--model-column")
        {
            Description = "A CSV column (not a feature) whose cell names the model of each row's series, e.g. kind; the same on every row of a series. --model-of patterns come first",
            HelpName = "column",
        };
        var perSeries = new Option<bool>("--model-per-series") { Description = "Each series (not matched by --model-of) gets a model of its own, named MODEL/SERIES" };
        return (modelOf, column, perSeries);
    }

    /// <summary>The routing the options give.</summary>
    public static ModelRouting From(string[]? modelOf, string? column, bool perSeries)
    {
        // Every row names its model in the column (an empty cell is an error), so no series would be left for --model-per-series.
        if (column is not null && perSeries)
            throw new UsageException("--model-per-series cannot be used with --model-column: every row names its series' model there");
        return new((modelOf ?? []).Select(text => Parse(text).Route!.Value).ToList(), column, perSeries);
    }

    private static ((Regex, string)? Route, string? Error) Parse(string text)
    {
        int split = text.LastIndexOf('=');
        if (split <= 0 || split == text.Length - 1) return (null, "give PATTERN=MODEL, e.g. 'DAX|CAC=indices'");
        try
        {
            return ((new Regex(text[..split], RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)), text[(split + 1)..]), null);
        }
        catch (ArgumentException e)
        {
            return (null, $"'{text[..split]}' is not a regular expression ({e.Message})");
        }
    }
}
