using LstmActors.Runtime.Configuration;
using LstmActors.Runtime.Security;

namespace LstmActors.Runtime.Hosting;

/// <summary>
/// Sets <see cref="ClusterOptions.Secret"/> (and optionally <see cref="TlsOptions"/>) on a silo or a client. The secret is read here, at configuration time,
/// so a missing file or variable fails the host build with a clear message. There is deliberately no command-line form.
/// </summary>
public static class ConnectionSecurityExtensions
{
    /// <summary>Uses the bytes of the file at <paramref name="path"/> (trailing white space dropped; at least 16 bytes).</summary>
    public static ISiloBuilder UseClusterSecretFile(this ISiloBuilder builder, string path) => builder.UseClusterSecret(ClusterSecret.FromFile(path));

    /// <summary>Uses the UTF-8 bytes of the environment variable <paramref name="variable"/> (e.g. LSTMACTORS_SECRET).</summary>
    public static ISiloBuilder UseClusterSecretFromEnvironment(this ISiloBuilder builder, string variable) => builder.UseClusterSecret(ClusterSecret.FromEnvironment(variable));

    /// <summary>Uses <paramref name="secret"/> (at least 16 bytes).</summary>
    public static ISiloBuilder UseClusterSecret(this ISiloBuilder builder, byte[] secret)
    {
        var checkedSecret = ClusterSecret.FromBytes(secret, "UseClusterSecret");
        return builder.Configure<ClusterOptions>(o => o.Secret = checkedSecret);
    }

    /// <summary>Uses the bytes of the file at <paramref name="path"/> (trailing white space dropped; at least 16 bytes).</summary>
    public static IClientBuilder UseClusterSecretFile(this IClientBuilder builder, string path) => builder.UseClusterSecret(ClusterSecret.FromFile(path));

    /// <summary>Uses the UTF-8 bytes of the environment variable <paramref name="variable"/> (e.g. LSTMACTORS_SECRET).</summary>
    public static IClientBuilder UseClusterSecretFromEnvironment(this IClientBuilder builder, string variable) => builder.UseClusterSecret(ClusterSecret.FromEnvironment(variable));

    /// <summary>Uses <paramref name="secret"/> (at least 16 bytes).</summary>
    public static IClientBuilder UseClusterSecret(this IClientBuilder builder, byte[] secret)
    {
        var checkedSecret = ClusterSecret.FromBytes(secret, "UseClusterSecret");
        return builder.Configure<ClusterOptions>(o => o.Secret = checkedSecret);
    }

    /// <summary>Serves TLS with the certificate (and key) at <paramref name="certificatePath"/>; trusts it and <paramref name="pinnedThumbprints"/> when dialling.</summary>
    public static ISiloBuilder UseTls(this ISiloBuilder builder, string certificatePath, params string[] pinnedThumbprints)
        => builder.Configure<TlsOptions>(o =>
        {
            o.Enabled = true;
            o.CertificatePath = certificatePath;
            o.PinnedThumbprints.AddRange(pinnedThumbprints);
        });

    /// <summary>Uses TLS to the gateways, trusting the certificate at <paramref name="certificatePath"/> (may be null) and <paramref name="pinnedThumbprints"/>.</summary>
    public static IClientBuilder UseTls(this IClientBuilder builder, string? certificatePath, params string[] pinnedThumbprints)
        => builder.Configure<TlsOptions>(o =>
        {
            o.Enabled = true;
            o.CertificatePath = certificatePath;
            o.PinnedThumbprints.AddRange(pinnedThumbprints);
        });

    /// <summary>Serves TLS as <paramref name="configure"/> sets it up (certificate, password source, CA, pins, expected host).</summary>
    public static ISiloBuilder UseTls(this ISiloBuilder builder, Action<TlsOptions> configure)
        => builder.Configure<TlsOptions>(o =>
        {
            o.Enabled = true;
            configure(o);
        });

    /// <summary>Uses TLS to the gateways as <paramref name="configure"/> sets it up (CA, pins, expected host).</summary>
    public static IClientBuilder UseTls(this IClientBuilder builder, Action<TlsOptions> configure)
        => builder.Configure<TlsOptions>(o =>
        {
            o.Enabled = true;
            configure(o);
        });
}
