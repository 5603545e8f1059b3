using LstmActors.Client.Streaming;
using LstmActors.Grains.Models;
using LstmActors.Grains.Training;

namespace LstmActors.Client.Models;

/// <summary>A model chosen for an input: its definition and, per model feature, the input column that carries it.</summary>
/// <param name="Definition">The model's definition as the cluster has it.</param>
/// <param name="ColumnOfFeature">For each model feature (in model order), its index among the input's feature columns.</param>
/// <param name="Created">Whether this call defined the model (the cluster did not know it).</param>
public sealed record ModelSelection(ModelDefinition Definition, int[] ColumnOfFeature, bool Created)
{
    private readonly bool _inColumnOrder = ColumnOfFeature.Select((column, feature) => column == feature).All(same => same);

    /// <summary>
    /// Finds model <paramref name="name"/> in the cluster, or defines it from the input's <paramref name="columns"/>
    /// with the defaults of <see cref="ModelDefinition.ForFeatures"/> (training on if <paramref name="train"/>, layers of
    /// <paramref name="cell"/>, <paramref name="seasons"/> for the series' own autoregression, null: from their tick
    /// spacing, a scale head if <paramref name="scaleHead"/>). The input must carry exactly the model's features, in any order.
    /// With <paramref name="deferDefine"/> a new model is not defined yet (<see cref="Pending"/>): <see cref="DefineAsync"/> does it.
    /// </summary>
    public static async Task<ModelSelection> ResolveAsync(IGrainFactory grains, string name, IReadOnlyList<string> columns, bool train, string input,
        RecurrentCell cell = RecurrentCell.Lstm, int[]? seasons = null, bool scaleHead = false, bool deferDefine = false)
    {
        var grain = grains.GetGrain<IModelGrain>(name);
        ModelDefinition? existing;
        ModelDefinition definition;
        try
        {
            existing = await grain.FindDefinition();
            // Defining an existing model again changes nothing but makes sure the cluster's model catalog lists it (a model
            // from before the catalog, or whose registration failed once).
            var fresh = Default(name, columns, train) with { Cell = cell, Seasons = seasons, ScaleHead = scaleHead };
            definition = existing is null ? deferDefine ? fresh.Validate() : await grain.Define(fresh)
                : BuiltInModels.All.Any(m => m.Name == name) ? existing : await grain.Define(existing);
        }
        catch (Exception e)
        {
            throw GrainErrors.Translate(e, $"{input}: model '{name}'");
        }
        var created = existing is null;
        var order = definition.Features.Select(f => IndexOf(columns, f)).ToArray();
        var missing = definition.Features.Where((_, i) => order[i] < 0).ToArray();
        if (missing.Length > 0)
            throw new InputException($"{input}: model '{name}' needs feature column(s) {string.Join(", ", missing.Select(m => $"'{m}'"))}; the input has [{string.Join(", ", columns)}]");
        var extra = columns.Where(c => IndexOf(definition.Features, c) < 0).ToArray();
        if (extra.Length > 0)
            throw new InputException($"{input}: column(s) {string.Join(", ", extra.Select(m => $"'{m}'"))} are not features of model '{name}' [{string.Join(", ", definition.Features)}]");
        return new ModelSelection(definition, order, created) { Pending = created && deferDefine };
    }

    /// <summary>Whether the model is yet to be defined in the cluster (<see cref="DefineAsync"/>).</summary>
    public bool Pending { get; private init; }

    /// <summary>Defines a <see cref="Pending"/> model with <paramref name="seasons"/> (null: as resolved); the selection of the model the cluster now has.</summary>
    public async Task<ModelSelection> DefineAsync(IGrainFactory grains, int[]? seasons, string input)
    {
        var definition = Definition with { Seasons = seasons ?? Definition.Seasons };
        try
        {
            return this with { Definition = await grains.GetGrain<IModelGrain>(definition.Name).Define(definition), Pending = false };
        }
        catch (Exception e)
        {
            throw GrainErrors.Translate(e, $"{input}: model '{definition.Name}'");
        }
    }

    /// <summary>The definition a new model gets from an input's columns.</summary>
    public static ModelDefinition Default(string name, IReadOnlyList<string> columns, bool train)
    {
        var definition = ModelDefinition.ForFeatures(name, name, columns);
        return train ? definition : definition with { Training = definition.Training with { Mode = TrainingMode.Off } };
    }

    /// <summary>Whether a model grain call failed because the model was never defined (and is not built in).</summary>
    public static bool IsUndefined(Exception error) =>
        error is InvalidOperationException && error.Message.Contains("is not defined", StringComparison.Ordinal);

    /// <summary>Input values (in column order) rearranged into model feature order; a row of another width is passed as is for the grain to reject.</summary>
    public float[] ToModelOrder(float[] columnValues)
    {
        if (_inColumnOrder || columnValues.Length != ColumnOfFeature.Length) return columnValues;
        var values = new float[ColumnOfFeature.Length];
        for (var i = 0; i < values.Length; i++) values[i] = columnValues[ColumnOfFeature[i]];
        return values;
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
            if (string.Equals(names[i], name, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }
}
