namespace LstmActors.Client.Tests;

/// <summary>The connection options as the user types them: the cluster secret is refused, TLS files are checked before connecting.</summary>
public sealed class TlsOptionTests
{
    [Theory]
    [InlineData("status")]
    [InlineData("stream", "--csv", "x.csv")]
    public async Task A_secret_file_is_refused_with_one_line_pointing_to_the_tls_flags(params string[] verb)
    {
        using var folder = new TempFolder();
        var secret = folder.Write("cluster.secret", "0123456789abcdef0123456789abcdef\n");

        var run = await CliRun.RunAsync([.. verb, "--gateway", "127.0.0.1:30000", "--secret-file", secret]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        var message = Assert.Single(run.ErrorLines);
        Assert.StartsWith("error: --secret-file: the cluster secret is gone", message);
        Assert.Contains("--tls-certificate", message);
        Assert.Contains("--tls-ca", message);
    }

    [Theory]
    [InlineData("hello, not a certificate", "is not a certificate (neither PEM nor PKCS#12)")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "holds no private key")]
    public async Task A_bad_client_certificate_file_is_an_input_error_naming_the_flag_and_the_file(string content, string what)
    {
        using var folder = new TempFolder();
        using var pki = new TestPki();
        var ca = pki.WritePem("ca.pem", TestPki.CreateAuthority("test CA"));
        var certificate = folder.Write("client.pem", content);

        var run = await CliRun.RunAsync("status", "--gateway", "127.0.0.1:30000", "--tls-ca", ca, "--tls-certificate", certificate);

        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.Equal($"error: --tls-certificate: '{certificate}' {what}", Assert.Single(run.ErrorLines).Split(';')[0]);
    }

    [Fact]
    public async Task A_missing_client_certificate_or_ca_file_names_the_flag_and_the_file()
    {
        using var folder = new TempFolder();
        using var pki = new TestPki();
        var authority = TestPki.CreateAuthority("test CA");
        var ca = pki.WritePem("ca.pem", authority);
        var certificate = pki.WritePemWithKey("client.pem", TestPki.Issue(authority, "client"));

        var noCertificate = await CliRun.RunAsync("status", "--tls-ca", ca, "--tls-certificate", folder.File("absent.pem"));
        var noCa = await CliRun.RunAsync("status", "--tls-ca", folder.File("absent-ca.pem"), "--tls-certificate", certificate);

        Assert.Equal(ExitCodes.InputError, noCertificate.ExitCode);
        Assert.Equal($"error: --tls-certificate: certificate file '{folder.File("absent.pem")}' does not exist", Assert.Single(noCertificate.ErrorLines));
        Assert.Equal(ExitCodes.InputError, noCa.ExitCode);
        Assert.Equal($"error: --tls-ca: CA certificate file '{folder.File("absent-ca.pem")}' does not exist", Assert.Single(noCa.ErrorLines));
    }

    [Fact]
    public async Task A_pkcs12_certificate_with_a_wrong_password_names_the_password_file()
    {
        using var pki = new TestPki();
        var authority = TestPki.CreateAuthority("test CA");
        var ca = pki.WritePem("ca.pem", authority);
        var certificate = pki.WritePfx("client.pfx", TestPki.Issue(authority, "client"), "right");
        var password = pki.Write("password", "wrong\n"u8.ToArray());

        var run = await CliRun.RunAsync("status", "--tls-ca", ca, "--tls-certificate", certificate, "--tls-password-file", password);

        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.StartsWith($"error: --tls-certificate: cannot open PKCS#12 file '{certificate}' with the password from '{password}'", Assert.Single(run.ErrorLines));
    }

    [Theory]
    [InlineData("--tls-ca", "ca.pem")]
    [InlineData("--tls-pin", "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89")]
    [InlineData("--tls-password-file", "password")]
    public async Task Tls_trust_without_a_client_certificate_is_a_usage_error(string flag, string value)
    {
        var run = await CliRun.RunAsync("status", flag, value);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("needs --tls-certificate", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public async Task Connection_flags_with_embedded_are_a_usage_error()
    {
        var run = await CliRun.RunAsync("simulate", "--embedded", "--tls-certificate", "client.pem");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--tls-certificate is for a running cluster", Assert.Single(run.ErrorLines));
    }
}
