using System.Text.Json.Nodes;
using LstmActors.Engine.Activations;
using LstmActors.Engine.Layers;

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
            },
            Gru g => RnnConfig(g, g.RecurrentActivation, g.ResetAfter),
            SimpleRnn r => RnnConfig(r, null, null),
            Bidirectional b => new JsonObject { ["layer"] = ToJson(b.ForwardLayer), ["merge_mode"] = b.MergeMode },
            Dense d => DenseConfig(d),
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
                recurrentDropout: Required<float>(config, "recurrent_dropout", source)),
            "GRU" => new Gru(
                Required<int>(config, "units", source),
                ActivationFunctions.Parse(Required<string>(config, "activation", source)),
                ActivationFunctions.Parse(Required<string>(config, "recurrent_activation", source)),
                useBias: Required<bool>(config, "use_bias", source),
                returnSequences: Required<bool>(config, "return_sequences", source),
                stateful: Required<bool>(config, "stateful", source),
                goBackwards: Required<bool>(config, "go_backwards", source),
                dropout: Required<float>(config, "dropout", source),
                recurrentDropout: Required<float>(config, "recurrent_dropout", source),
                resetAfter: Required<bool>(config, "reset_after", source)),
            "SimpleRNN" => new SimpleRnn(
                Required<int>(config, "units", source),
                ActivationFunctions.Parse(Required<string>(config, "activation", source)),
                useBias: Required<bool>(config, "use_bias", source),
                returnSequences: Required<bool>(config, "return_sequences", source),
                stateful: Required<bool>(config, "stateful", source),
                goBackwards: Required<bool>(config, "go_backwards", source),
                dropout: Required<float>(config, "dropout", source),
                recurrentDropout: Required<float>(config, "recurrent_dropout", source)),
            "Bidirectional" => new Bidirectional(
                FromJson(config["layer"] as JsonObject ?? throw Missing("layer", source), source) as Rnn
                    ?? throw new InvalidDataException($"{source}: a Bidirectional layer must wrap LSTM, GRU or SimpleRNN."),
                config["merge_mode"]?.GetValue<string>()),
            "Dense" => DenseFromJson(config, source),
            "TimeDistributed" => new TimeDistributed(DenseFromJson(config["layer"] as JsonObject ?? throw Missing("layer", source), source)),
            "RepeatVector" => new RepeatVector(Required<int>(config, "n", source)),
            _ => throw new InvalidDataException($"{source}: unknown layer class '{type}'; known: LSTM, GRU, SimpleRNN, Bidirectional, Dense, TimeDistributed, RepeatVector."),
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

    private static JsonObject RnnConfig(Rnn layer, Activation? recurrentActivation, bool? resetAfter)
    {
        var config = new JsonObject
        {
            ["units"] = layer.Units,
            ["activation"] = ActivationFunctions.KerasName(layer.Activation),
        };
        if (recurrentActivation is { } gates) config["recurrent_activation"] = ActivationFunctions.KerasName(gates);
        config["use_bias"] = layer.UseBias;
        config["return_sequences"] = layer.ReturnSequences;
        config["stateful"] = layer.Stateful;
        config["go_backwards"] = layer.GoBackwards;
        config["dropout"] = layer.Dropout;
        config["recurrent_dropout"] = layer.RecurrentDropout;
        if (resetAfter is { } reset) config["reset_after"] = reset;
        return config;
    }

    private static JsonObject DenseConfig(Dense d) => new()
    {
        ["units"] = d.Units,
        ["activation"] = ActivationFunctions.KerasName(d.Activation),
        ["use_bias"] = d.UseBias,
    };

    private static Dense DenseFromJson(JsonObject config, string source) => new(
        Required<int>(config, "units", source),
        ActivationFunctions.Parse(Required<string>(config, "activation", source)),
        Required<bool>(config, "use_bias", source));

    private static InvalidDataException Missing(string key, string source) => new($"{source}: model description lacks '{key}'.");
}
