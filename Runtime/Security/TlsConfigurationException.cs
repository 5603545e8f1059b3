namespace LstmActors.Runtime.Security;

/// <summary>A TLS setting that cannot be used (missing file, wrong password, not a certificate, no private key); thrown when a silo or client starts.</summary>
/// <param name="setting">The <c>TlsOptions</c> property at fault, e.g. <c>CertificatePath</c>.</param>
/// <param name="message">What is wrong, naming the setting and the file.</param>
/// <param name="inner">The loader's own error, if any.</param>
public sealed class TlsConfigurationException(string setting, string message, Exception? inner = null) : InvalidOperationException(message, inner)
{
    /// <summary>The <c>TlsOptions</c> property at fault.</summary>
    public string Setting { get; } = setting;
}
