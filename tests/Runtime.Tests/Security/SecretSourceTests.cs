using LstmActors.Runtime.Configuration;
using LstmActors.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Runtime.Tests.Security;

public sealed class SecretSourceTests
{
    private static byte[]? ClientSecret(Action<IClientBuilder> configure)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseLstmActorsClient(configure);
        using var host = builder.Build();
        return host.Services.GetRequiredService<IOptions<ClusterOptions>>().Value.Secret;
    }

    [Fact]
    public void Secret_file_is_read_without_its_trailing_newline()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "correct-horse-battery-staple\n");
            Assert.Equal("correct-horse-battery-staple"u8.ToArray(), ClientSecret(c => c.UseClusterSecretFile(path)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Secret_comes_from_the_named_environment_variable_and_a_missing_one_is_named()
    {
        string variable = $"LSTMACTORS_TEST_SECRET_{Guid.NewGuid():N}";
        var error = Assert.Throws<InvalidOperationException>(() => ClientSecret(c => c.UseClusterSecretFromEnvironment(variable)));
        Assert.Contains(variable, error.Message);

        Environment.SetEnvironmentVariable(variable, "0123456789abcdef-from-env");
        try
        {
            Assert.Equal("0123456789abcdef-from-env"u8.ToArray(), ClientSecret(c => c.UseClusterSecretFromEnvironment(variable)));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void Short_secret_or_missing_file_is_refused_naming_the_source()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "short");
            var error = Assert.Throws<ArgumentException>(() => ClientSecret(c => c.UseClusterSecretFile(path)));
            Assert.Contains(Path.GetFullPath(path), error.Message);
            Assert.Contains("5 bytes; at least 16", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
        Assert.Throws<FileNotFoundException>(() => ClientSecret(c => c.UseClusterSecretFile(path)));
    }
}
