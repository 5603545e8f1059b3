using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace LstmActors.Client;

/// <summary>Where a command writes: rich output (tables, progress, live view) or JSON for scripts, and one-line errors.</summary>
public sealed class CliConsole
{
    private static readonly JsonSerializerOptions JsonStyle = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>The global <c>--json</c> option: machine-readable output instead of tables.</summary>
    public static Option<bool> JsonOption { get; } = new("--json")
    {
        Description = "Write results as JSON (one object per line) for scripts",
        Recursive = true,
    };

    private const int PlainWidth = 160;

    /// <summary>Creates the console over the two writers.</summary>
    public CliConsole(TextWriter output, TextWriter error)
    {
        Output = output;
        Error = error;
        // Only the process's own terminal gets colours, cursor moves and its real width; files, pipes and tests get plain text.
        var terminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        Ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal) Ansi.Profile.Width = PlainWidth;
    }

    /// <summary>Standard output.</summary>
    public TextWriter Output { get; }

    /// <summary>Standard error.</summary>
    public TextWriter Error { get; }

    /// <summary>Spectre console over <see cref="Output"/>.</summary>
    public IAnsiConsole Ansi { get; }

    /// <summary>Whether live views and progress bars can redraw in place (a terminal, not a pipe or a test).</summary>
    public bool IsInteractive => Ansi.Profile.Capabilities.Interactive && Ansi.Profile.Capabilities.Ansi;

    /// <summary>Whether the command line asked for JSON.</summary>
    public static bool WantsJson(ParseResult parse) => parse.GetValue(JsonOption);

    /// <summary>Writes one JSON object on its own line.</summary>
    public void WriteJson<T>(T value) => Output.WriteLine(JsonSerializer.Serialize(value, JsonStyle));

    /// <summary>Writes a plain line (escaped for Spectre markup only when needed by the caller).</summary>
    public void WriteLine(string text) => Output.WriteLine(text);

    /// <summary>Writes <c>warning: message</c> as one line to standard error: something the command did but the user should know.</summary>
    public void Warn(string message) => Error.WriteLine($"warning: {message.ReplaceLineEndings(" ")}");

    /// <summary>Writes <c>error: message</c> as one line to standard error and returns <paramref name="exitCode"/>.</summary>
    public int Fail(int exitCode, string message)
    {
        Error.WriteLine($"error: {message.ReplaceLineEndings(" ")}");
        return exitCode;
    }
}
