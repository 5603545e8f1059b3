namespace LstmActors.Client.Tests;

/// <summary>Tests that set the process environment the command line reads: they run alone, after every other test.</summary>
[CollectionDefinition(nameof(ProcessEnvironment), DisableParallelization = true)]
public sealed class ProcessEnvironment;

[Collection(nameof(ProcessEnvironment))]
public sealed class SecretVariableTests
{
    [Fact]
    public async Task A_secret_in_the_environment_is_refused_with_one_line_pointing_to_the_tls_flags()
    {
        Environment.SetEnvironmentVariable("LSTMACTORS_SECRET", "0123456789abcdef0123456789abcdef");
        try
        {
            var run = await CliRun.RunAsync("status", "--gateway", "127.0.0.1:30000");

            Assert.Equal(ExitCodes.Usage, run.ExitCode);
            var message = Assert.Single(run.ErrorLines);
            Assert.StartsWith("error: LSTMACTORS_SECRET: the cluster secret is gone", message);
            Assert.Contains("--tls-certificate", message);
        }
        finally
        {
            Environment.SetEnvironmentVariable("LSTMACTORS_SECRET", null);
        }
    }
}
