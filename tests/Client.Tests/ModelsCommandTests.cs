using System.Text.Json;
using LstmActors.Grains.Models;

namespace LstmActors.Client.Tests;

public sealed class ModelsCommandTests
{
    private static readonly string[] BuiltInNames = BuiltInModels.All.Select(m => m.Name).ToArray();

    [Fact]
    public async Task Models_lists_the_built_ins_and_a_model_made_by_stream_also_after_the_cluster_restarts()
    {
        using var folder = new TempFolder();
        var clusterId = $"models-{Guid.NewGuid():N}"[..16];
        string[] siloArgs = ["--cluster-id", clusterId, "--silo-port", "0", "--gateway-port", "0", "--storage", $"sqlite:{folder.File("state.db")}"];
        // A series belongs to one model: each model gets series of its own (w0, w1 and g0, g1).
        var waves = SampleCsv.Waves(series: 2, ticks: 5, interleaved: true);
        var inputs = new Dictionary<string, string> { ["pumps"] = folder.Write("pumps.csv", waves), ["gauges"] = folder.Write("gauges.csv", waves.Replace("\nw", "\ng")) };

        JsonElement[] before;
        await using (var silo = SiloExecutable.Start(folder, siloArgs))
        {
            var cluster = await SiloExecutable.ClientArgsAsync(silo, clusterId);
            var empty = await CliRun.RunAsync(["models", "--json", .. cluster]);
            Assert.True(empty.ExitCode == 0, empty.ToString());
            Assert.Equal(BuiltInNames, JsonLines(empty).Select(ModelName));

            foreach (var (model, input) in inputs)
            {
                // The gauges model is made of GRU layers, the pumps model of the default LSTM ones.
                string[] cell = model == "gauges" ? ["--cell", "gru"] : [];
                var stream = await CliRun.RunAsync(["stream", "--csv", input, "--model", model, .. cell, .. cluster]);
                Assert.True(stream.ExitCode == 0, stream + "\n" + silo.Output);
            }
            // Streaming into an existing model again does not list it twice.
            Assert.Equal(0, (await CliRun.RunAsync(["stream", "--csv", inputs["pumps"], "--model", "pumps", .. cluster])).ExitCode);

            var table = await CliRun.RunAsync(["models", .. cluster]);
            Assert.True(table.ExitCode == 0, table.ToString());
            var rows = TableRows(table.Output);
            Assert.Equal([.. BuiltInNames, "gauges", "pumps"], rows.Select(r => r[0]));
            Assert.All(rows.Skip(2), r => Assert.Equal(("level, flow", "level, flow"), (r[1], r[2])));
            Assert.Equal(["1×GRU(32) + Dense(2)", "1×LSTM(32) + Dense(2)"], rows.Skip(2).Select(r => r[3]));

            before = JsonLines(await CliRun.RunAsync(["models", "--json", .. cluster]));
            Assert.Equal([.. BuiltInNames, "gauges", "pumps"], before.Select(ModelName));
            Assert.All(before.Take(2), m => Assert.Equal(JsonValueKind.Null, m.GetProperty("definedAt").ValueKind));
            Assert.All(before.Skip(2), m => Assert.Equal(JsonValueKind.String, m.GetProperty("definedAt").ValueKind));
            Assert.All(before.Skip(2), m => Assert.Equal(["level", "flow"], m.GetProperty("definition").GetProperty("features").EnumerateArray().Select(f => f.GetString())));
            // Models a stream creates give the network each series' own inputs; the built-in stocks model does not.
            Assert.All(before.Skip(2), m => Assert.True(m.GetProperty("definition").GetProperty("seriesInputs").GetBoolean()));
            Assert.False(before[0].GetProperty("definition").GetProperty("seriesInputs").GetBoolean());

            // Naming models still shows just those.
            var named = await CliRun.RunAsync(["models", "pumps", "--json", .. cluster]);
            Assert.Equal(["pumps"], JsonLines(named).Select(ModelName));

            Assert.Equal(0, await silo.TerminateAsync(SiloExecutable.Deadline));
        }

        // A new silo process on the same SQLite files: the catalog comes back from grain storage.
        await using (var silo = SiloExecutable.Start(folder, siloArgs))
        {
            var cluster = await SiloExecutable.ClientArgsAsync(silo, clusterId);
            var after = JsonLines(await CliRun.RunAsync(["models", "--json", .. cluster]));
            Assert.Equal(before.Select(m => (ModelName(m), m.GetProperty("definedAt").ToString())), after.Select(m => (ModelName(m), m.GetProperty("definedAt").ToString())));
        }
    }

    private static JsonElement[] JsonLines(CliRun run)
    {
        Assert.True(run.ExitCode == 0, run.ToString());
        return run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToArray();
    }

    private static string ModelName(JsonElement model) => model.GetProperty("model").GetString()!;

    /// <summary>The cells of each body row of a table as Spectre.Console draws it (rows between '│' borders; header skipped).</summary>
    private static List<string[]> TableRows(string output) => output.Split('\n')
        .Where(l => l.TrimStart().StartsWith('│'))
        .Select(l => l.Trim().Trim('│').Split('│').Select(c => c.Trim()).ToArray())
        .Skip(1)
        .ToList();
}
