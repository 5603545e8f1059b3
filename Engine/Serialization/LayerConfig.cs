using System.Text.Json.Nodes;
using LstmActors.Engine.Activations;
using LstmActors.Engine.Constraints;
using LstmActors.Engine.Initializers;
using LstmActors.Engine.Layers;
using LstmActors.Engine.Models;
using LstmActors.Engine.Regularizers;

namespace LstmActors.Engine.Serialization;

/// <summary>Each layer's constructor arguments as a JSON object with Keras key names, and back (a nested model's through <see cref="ModelConfig"/>).</summary>
internal static class LayerConfig
{
    public static JsonObject ToJson(Layer layer)
    {
        JsonObject config = layer switch
        {
            Model model => ModelConfig.ToJson(model, new JsonObject()),
            Concatenate c => new JsonObject { ["axis"] = c.Axis },
            Lstm l => RnnConfig(l, l.RecurrentActivation, ("unit_forget_bias", l.UnitForgetBias)),
            Gru g => RnnConfig(g, g.RecurrentActivation, ("reset_after", g.ResetAfter)),
            SimpleRnn r => RnnConfig(r, null, null),
            Bidirectional b => new JsonObject { ["layer"] = ToJson(b.ForwardLayer), ["merge_mode"] = b.MergeMode },
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
            "LSTM" or "GRU" or "SimpleRNN" => RnnFromJson(type, config, source),
            "Bidirectional" => new Bidirectional(
                FromJson(config["layer"] as JsonObject ?? throw Missing("layer", source), source) as Rnn
                    ?? throw new InvalidDataException($"{source}: a Bidirectional layer must wrap LSTM, GRU or SimpleRNN."),
                config["merge_mode"]?.GetValue<string>()),
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
            "Concatenate" => new Concatenate(Required<int>(config, "axis", source)),
            "Sequential" or "Functional" => ModelConfig.FromJson(type, config, source),
            _ => throw new InvalidDataException(
                $"{source}: unknown layer class '{type}'; known: LSTM, GRU, SimpleRNN, Bidirectional, Dense, TimeDistributed, RepeatVector, " +
                "Embedding, Activation, Concatenate, Sequential, Functional."),
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

    /// <summary>
    /// Keras builds a Bidirectional's backward layer from the forward layer's config with go_backwards flipped; so does this.
    /// The copy gets no name (the Bidirectional names it).
    /// </summary>
    public static Layer WithGoBackwardsFlipped(Rnn layer)
    {
        var json = ToJson(layer);
        var config = (JsonObject)json["config"]!;
        config["go_backwards"] = !layer.GoBackwards;
        json["name"] = layer.NameStem;
        var copy = FromJson(json, $"layer '{layer.Name ?? layer.NameStem}'");
        copy.Name = null;
        return copy;
    }

    /// <summary>The arguments every recurrent layer has, with the cell's recurrent activation and its own flag where it has them.</summary>
    private static JsonObject RnnConfig(Rnn layer, Activation? recurrentActivation, (string Key, bool Value)? cellFlag)
    {
        var config = new JsonObject
        {
            ["units"] = layer.Units,
            ["activation"] = ActivationFunctions.KerasName(layer.Activation),
        };
        if (recurrentActivation is { } gates) config["recurrent_activation"] = ActivationFunctions.KerasName(gates);
        config["use_bias"] = layer.UseBias;
        if (cellFlag is var (key, value)) config[key] = value;
        config["return_sequences"] = layer.ReturnSequences;
        config["return_state"] = layer.ReturnState;
        config["stateful"] = layer.Stateful;
        config["go_backwards"] = layer.GoBackwards;
        config["dropout"] = layer.Dropout;
        config["recurrent_dropout"] = layer.RecurrentDropout;
        config["unroll"] = layer.Unroll;
        config["implementation"] = layer.Implementation;
        return config
            .WithWeight("kernel", layer.KernelInitializer, layer.KernelRegularizer, layer.KernelConstraint)
            .WithWeight("recurrent", layer.RecurrentInitializer, layer.RecurrentRegularizer, layer.RecurrentConstraint)
            .WithWeight("bias", layer.BiasInitializer, layer.BiasRegularizer, layer.BiasConstraint)
            .WithActivity(layer);
    }

    /// <summary>Reads what <see cref="RnnConfig"/> wrote; the weight arguments, return_state, unroll and implementation take Keras' defaults when absent (older files).</summary>
    private static Rnn RnnFromJson(string type, JsonObject config, string source)
    {
        int units = Required<int>(config, "units", source);
        var activation = ActivationFunctions.Parse(Required<string>(config, "activation", source));
        bool useBias = Required<bool>(config, "use_bias", source);
        bool returnSequences = Required<bool>(config, "return_sequences", source);
        bool returnState = config["return_state"]?.GetValue<bool>() ?? false;
        bool stateful = Required<bool>(config, "stateful", source);
        bool goBackwards = Required<bool>(config, "go_backwards", source);
        float dropout = Required<float>(config, "dropout", source);
        float recurrentDropout = Required<float>(config, "recurrent_dropout", source);
        var kernelInitializer = Optional(config, "kernel_initializer", Initializer.FromConfig, source);
        var recurrentInitializer = Optional(config, "recurrent_initializer", Initializer.FromConfig, source);
        var biasInitializer = Optional(config, "bias_initializer", Initializer.FromConfig, source);
        var kernelRegularizer = Optional(config, "kernel_regularizer", Regularizer.FromConfig, source);
        var recurrentRegularizer = Optional(config, "recurrent_regularizer", Regularizer.FromConfig, source);
        var biasRegularizer = Optional(config, "bias_regularizer", Regularizer.FromConfig, source);
        var activityRegularizer = Optional(config, "activity_regularizer", Regularizer.FromConfig, source);
        var kernelConstraint = Optional(config, "kernel_constraint", Constraint.FromConfig, source);
        var recurrentConstraint = Optional(config, "recurrent_constraint", Constraint.FromConfig, source);
        var biasConstraint = Optional(config, "bias_constraint", Constraint.FromConfig, source);
        bool unroll = config["unroll"]?.GetValue<bool>() ?? false;
        int implementation = config["implementation"]?.GetValue<int>() ?? 2;
        Activation RecurrentActivation() => ActivationFunctions.Parse(Required<string>(config, "recurrent_activation", source));
        return type switch
        {
            "LSTM" => new Lstm(units, activation, RecurrentActivation(), useBias, Required<bool>(config, "unit_forget_bias", source),
                returnSequences, returnState, stateful, goBackwards, dropout, recurrentDropout, kernelInitializer, recurrentInitializer,
                biasInitializer, kernelRegularizer, recurrentRegularizer, biasRegularizer, activityRegularizer, kernelConstraint,
                recurrentConstraint, biasConstraint, unroll, implementation),
            "GRU" => new Gru(units, activation, RecurrentActivation(), useBias, returnSequences, returnState, stateful, goBackwards,
                dropout, recurrentDropout, Required<bool>(config, "reset_after", source), kernelInitializer, recurrentInitializer,
                biasInitializer, kernelRegularizer, recurrentRegularizer, biasRegularizer, activityRegularizer, kernelConstraint,
                recurrentConstraint, biasConstraint, unroll, implementation),
            _ => new SimpleRnn(units, activation, useBias, returnSequences, returnState, stateful, goBackwards, dropout,
                recurrentDropout, kernelInitializer, recurrentInitializer, biasInitializer, kernelRegularizer, recurrentRegularizer,
                biasRegularizer, activityRegularizer, kernelConstraint, recurrentConstraint, biasConstraint, unroll, implementation),
        };
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
