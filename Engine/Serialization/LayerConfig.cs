using System.Text.Json.Nodes;
using LstmActors.Engine.Activations;
using LstmActors.Engine.Constraints;
using LstmActors.Engine.Initializers;
using LstmActors.Engine.Layers;
using LstmActors.Engine.Regularizers;

namespace LstmActors.Engine.Serialization;

/// <summary>Each layer's constructor arguments as a JSON object with Keras key names, and back.</summary>
internal static class LayerConfig
{
    public static JsonObject ToJson(Layer layer)
    {
        JsonObject config = layer switch
        {
            Lstm l => new JsonObject
            {
                ["units"] = l.Units,
                ["activation"] = ActivationFunctions.KerasName(l.Activation),
                ["recurrent_activation"] = ActivationFunctions.KerasName(l.RecurrentActivation),
                ["use_bias"] = l.UseBias,
                ["unit_forget_bias"] = l.UnitForgetBias,
                ["return_sequences"] = l.ReturnSequences,
                ["stateful"] = l.Stateful,
                ["go_backwards"] = l.GoBackwards,
                ["dropout"] = l.Dropout,
                ["recurrent_dropout"] = l.RecurrentDropout,
                ["unroll"] = l.Unroll,
                ["implementation"] = l.Implementation,
            }
            .WithWeight("kernel", l.KernelInitializer, l.KernelRegularizer, l.KernelConstraint)
            .WithWeight("recurrent", l.RecurrentInitializer, l.RecurrentRegularizer, l.RecurrentConstraint)
            .WithWeight("bias", l.BiasInitializer, l.BiasRegularizer, l.BiasConstraint)
            .WithActivity(l),
            Dense d => DenseConfig(d),
            Embedding e => new JsonObject
            {
                ["input_dim"] = e.InputDim,
                ["output_dim"] = e.OutputDim,
            }
            .WithWeight("embeddings", e.EmbeddingsInitializer, e.EmbeddingsRegularizer, e.EmbeddingsConstraint)
            .WithActivity(e),
            ActivationLayer a => new JsonObject { ["activation"] = ActivationFunctions.KerasName(a.Activation) },
            TimeDistributed t => new JsonObject { ["layer"] = DenseConfig(t.Inner) },
            RepeatVector r => new JsonObject { ["n"] = r.N },
            _ => throw new NotSupportedException($"Layer type {layer.GetType().Name} cannot be saved."),
        };
        return new JsonObject { ["class_name"] = layer.TypeName, ["name"] = layer.Name, ["config"] = config };
    }

    public static Layer FromJson(JsonObject json, string source)
    {
        string type = Required<string>(json, "class_name", source);
        var config = json["config"] as JsonObject ?? throw Missing("config", source);
        Layer layer = type switch
        {
            "LSTM" => new Lstm(
                Required<int>(config, "units", source),
                ActivationFunctions.Parse(Required<string>(config, "activation", source)),
                ActivationFunctions.Parse(Required<string>(config, "recurrent_activation", source)),
                useBias: Required<bool>(config, "use_bias", source),
                unitForgetBias: Required<bool>(config, "unit_forget_bias", source),
                returnSequences: Required<bool>(config, "return_sequences", source),
                stateful: Required<bool>(config, "stateful", source),
                goBackwards: Required<bool>(config, "go_backwards", source),
                dropout: Required<float>(config, "dropout", source),
                recurrentDropout: Required<float>(config, "recurrent_dropout", source),
                kernelInitializer: Optional(config, "kernel_initializer", Initializer.FromConfig, source),
                recurrentInitializer: Optional(config, "recurrent_initializer", Initializer.FromConfig, source),
                biasInitializer: Optional(config, "bias_initializer", Initializer.FromConfig, source),
                kernelRegularizer: Optional(config, "kernel_regularizer", Regularizer.FromConfig, source),
                recurrentRegularizer: Optional(config, "recurrent_regularizer", Regularizer.FromConfig, source),
                biasRegularizer: Optional(config, "bias_regularizer", Regularizer.FromConfig, source),
                activityRegularizer: Optional(config, "activity_regularizer", Regularizer.FromConfig, source),
                kernelConstraint: Optional(config, "kernel_constraint", Constraint.FromConfig, source),
                recurrentConstraint: Optional(config, "recurrent_constraint", Constraint.FromConfig, source),
                biasConstraint: Optional(config, "bias_constraint", Constraint.FromConfig, source),
                unroll: config["unroll"]?.GetValue<bool>() ?? false,
                implementation: config["implementation"]?.GetValue<int>() ?? 2),
            "Dense" => DenseFromJson(config, source),
            "Embedding" => new Embedding(
                Required<int>(config, "input_dim", source),
                Required<int>(config, "output_dim", source),
                Optional(config, "embeddings_initializer", Initializer.FromConfig, source),
                Optional(config, "embeddings_regularizer", Regularizer.FromConfig, source),
                Optional(config, "activity_regularizer", Regularizer.FromConfig, source),
                Optional(config, "embeddings_constraint", Constraint.FromConfig, source)),
            "Activation" => new ActivationLayer(Required<string>(config, "activation", source)),
            "TimeDistributed" => new TimeDistributed(DenseFromJson(config["layer"] as JsonObject ?? throw Missing("layer", source), source)),
            "RepeatVector" => new RepeatVector(Required<int>(config, "n", source)),
            _ => throw new InvalidDataException($"{source}: unknown layer class '{type}'; known: LSTM, Dense, TimeDistributed, RepeatVector, Embedding, Activation."),
        };
        layer.Name = Required<string>(json, "name", source);
        return layer;
    }

    public static T Required<T>(JsonObject json, string key, string source)
    {
        var node = json[key] ?? throw Missing(key, source);
        try
        {
            return node.GetValue<T>();
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{source}: '{key}' has value {node.ToJsonString()}, expected a {typeof(T).Name}.", e);
        }
    }

    private static JsonObject DenseConfig(Dense d) => new JsonObject
    {
        ["units"] = d.Units,
        ["activation"] = ActivationFunctions.KerasName(d.Activation),
        ["use_bias"] = d.UseBias,
    }
    .WithWeight("kernel", d.KernelInitializer, d.KernelRegularizer, d.KernelConstraint)
    .WithWeight("bias", d.BiasInitializer, d.BiasRegularizer, d.BiasConstraint)
    .WithActivity(d);

    /// <summary>Adds Keras' "&lt;weight&gt;_initializer", "_regularizer" and "_constraint" entries.</summary>
    private static JsonObject WithWeight(this JsonObject config, string weight, Initializer initializer, Regularizer? regularizer, Constraint? constraint)
    {
        config[$"{weight}_initializer"] = Named(initializer.Name, initializer.Config);
        config[$"{weight}_regularizer"] = Named(regularizer?.Name, regularizer?.Config);
        config[$"{weight}_constraint"] = Named(constraint?.Name, constraint?.Config);
        return config;
    }

    /// <summary>Adds Keras' "activity_regularizer" entry.</summary>
    private static JsonObject WithActivity(this JsonObject config, Layer layer)
    {
        config["activity_regularizer"] = Named(layer.ActivityRegularizer?.Name, layer.ActivityRegularizer?.Config);
        return config;
    }

    private static Dense DenseFromJson(JsonObject config, string source) => new(
        Required<int>(config, "units", source),
        ActivationFunctions.Parse(Required<string>(config, "activation", source)),
        Required<bool>(config, "use_bias", source),
        Optional(config, "kernel_initializer", Initializer.FromConfig, source),
        Optional(config, "bias_initializer", Initializer.FromConfig, source),
        Optional(config, "kernel_regularizer", Regularizer.FromConfig, source),
        Optional(config, "bias_regularizer", Regularizer.FromConfig, source),
        Optional(config, "activity_regularizer", Regularizer.FromConfig, source),
        Optional(config, "kernel_constraint", Constraint.FromConfig, source),
        Optional(config, "bias_constraint", Constraint.FromConfig, source));

    /// <summary>Keras' serialized form of an initializer, regularizer, constraint or schedule: {"class_name", "config"}; null for none.</summary>
    public static JsonObject? Named(string? name, IReadOnlyDictionary<string, double>? config) => name is null
        ? null
        : new JsonObject
        {
            ["class_name"] = name,
            ["config"] = new JsonObject(config!.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
        };

    /// <summary>Reads what <see cref="Named"/> wrote under <paramref name="key"/>; null when absent (files from before the argument existed).</summary>
    public static T? Optional<T>(JsonObject json, string key, Func<string, IReadOnlyDictionary<string, double>, T> fromConfig, string source)
        where T : class
    {
        if (json[key] is not JsonObject named) return null;
        var config = (named["config"] as JsonObject ?? []).ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<double>());
        try
        {
            return fromConfig(Required<string>(named, "class_name", source), config);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{source}: '{key}': {e.Message}", e);
        }
    }

    private static InvalidDataException Missing(string key, string source) => new($"{source}: model description lacks '{key}'.");
}
