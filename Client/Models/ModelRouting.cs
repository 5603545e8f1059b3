using System.CommandLine;
using System.Text.RegularExpressions;

namespace LstmActors.Client.Models;

/// <summary>
/// Which model each series of a stream belongs to (<c>--model-of PATTERN=MODEL</c>, <c>--model-per-series</c>): the
/// first pattern its id matches (a .NET regular expression, anywhere in the id), else its own model with
/// <c>--model-per-series</c> (named <c>MODEL/SERIES</c>), else the stream's model.
/// </summary>
internal sealed class ModelRouting(IReadOnlyList<(Regex Pattern, string Model)> routes, bool perSeries)
{
    /// <summary>Every series to the stream's model.</summary>
    public static ModelRouting None { get; } = new([], false);

    /// <summary>Whether series may go to models other than the stream's.</summary>
    public bool Routes => routes.Count > 0 || perSeries;

    /// <summary>The model of <paramref name="series"/>, for a stream whose model is <paramref name="model"/>.</summary>
    public string ModelOf(string series, string model)
    {
        foreach (var (pattern, name) in routes)
        {
            if (pattern.IsMatch(series)) return name;
        }
        return perSeries ? $"{model}/{series}" : model;
    }

    /// <summary>The two options.</summary>
    public static (Option<string[]> ModelOf, Option<bool> PerSeries) CreateOptions()
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
        var perSeries = new Option<bool>("--model-per-series") { Description = "Each series (not matched by --model-of) gets a model of its own, named MODEL/SERIES" };
        return (modelOf, perSeries);
    }

    /// <summary>The routing the options give.</summary>
    public static ModelRouting From(string[]? modelOf, bool perSeries) =>
        new((modelOf ?? []).Select(text => Parse(text).Route!.Value).ToList(), perSeries);

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
