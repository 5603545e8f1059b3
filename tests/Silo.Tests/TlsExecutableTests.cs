using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace LstmActors.Client.Tests;

/// <summary>The silo executable serving TLS with a CA-signed, password-protected PFX, and the CLI trusting that CA.</summary>
public sealed class TlsExecutableTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private static SiloProcess StartSilo(TempFolder folder, string? tlsPassword, params string[] args) =>
        SiloProcess.Start("tls-silo", Path.Combine(AppContext.BaseDirectory, "lstmactors-silo.dll"), args,
            new Dictionary<string, string?> { ["LSTMACTORS_SECRET"] = null, ["LSTMACTORS_TLS_PASSWORD"] = tlsPassword }, folder.Path);

    [Fact]
    public async Task Silo_serves_a_ca_signed_pfx_with_the_password_from_the_environment_and_the_cli_needs_the_ca()
    {
        using var folder = new TempFolder();
        using var authority = TestPki.CreateAuthority("Executable Test CA");
        using var leaf = TestPki.Issue(authority, "silo", "127.0.0.1", "localhost");
        File.WriteAllBytes(folder.File("silo.pfx"), leaf.Export(X509ContentType.Pkcs12, "from the environment"));
        var ca = folder.Write("ca.pem", authority.ExportCertificatePem());
        using var otherAuthority = TestPki.CreateAuthority("Other CA");
        var otherCa = folder.Write("other-ca.pem", otherAuthority.ExportCertificatePem());
        var clusterId = $"tls-{Guid.NewGuid():N}"[..16];
        var secret = folder.Write("cluster.secret", Convert.ToHexString(RandomNumberGenerator.GetBytes(24)));

        await using var silo = StartSilo(folder, "from the environment", "--cluster-id", clusterId, "--silo-port", "0", "--gateway-port", "0",
            "--secret-file", secret, "--tls-certificate", folder.File("silo.pfx"), "--tls-ca", ca);
        var listening = await silo.WaitForLineAsync(l => l.Contains("listening:"), Deadline);
        var gateway = SiloExecutableTests.GatewayPattern().Match(listening);
        Assert.True(gateway.Success, listening);
        string[] target = ["--gateway", $"{gateway.Groups["host"].Value}:{gateway.Groups["port"].Value}", "--cluster-id", clusterId, "--secret-file", secret];

        var trusting = await CliRun.RunAsync(["status", .. target, "--tls-ca", ca]);
        Assert.True(trusting.ExitCode == 0, trusting + "\n--- silo\n" + silo.Output);

        var plain = await CliRun.RunAsync(["status", .. target]);
        Assert.NotEqual(0, plain.ExitCode);
        var mistrusting = await CliRun.RunAsync(["status", .. target, "--tls-ca", otherCa]);
        Assert.NotEqual(0, mistrusting.ExitCode);

        Assert.Equal(0, await silo.TerminateAsync(Deadline));
    }

    [Fact]
    public async Task Silo_with_a_wrong_pfx_password_exits_at_start_naming_the_file()
    {
        using var folder = new TempFolder();
        using var leaf = TestPki.SelfSigned("silo", "127.0.0.1");
        File.WriteAllBytes(folder.File("silo.pfx"), leaf.Export(X509ContentType.Pkcs12, "right"));
        var passwordFile = folder.Write("pfx.password", "wrong\n");

        await using var silo = StartSilo(folder, null, "--silo-port", "0", "--gateway-port", "0",
            "--tls-certificate", folder.File("silo.pfx"), "--tls-password-file", passwordFile);

        Assert.Equal(1, await silo.WaitForExitAsync(Deadline));
        Assert.Contains($"TlsOptions.CertificatePath: cannot open PKCS#12 file '{folder.File("silo.pfx")}'", silo.Output);
        Assert.Contains(passwordFile, silo.Output);
    }

    [Fact]
    public async Task Silo_refuses_a_tls_password_on_the_command_line()
    {
        using var folder = new TempFolder();
        await using var silo = StartSilo(folder, null, "--tls-password", "hunter2");
        Assert.Equal(1, await silo.WaitForExitAsync(Deadline));
        Assert.Contains("never taken from the command line", silo.Output);
        Assert.DoesNotContain("hunter2", silo.Output);
    }
}
