using System.Security.Cryptography;
using System.Text;

namespace LstmActors.Runtime.Security;

/// <summary>Loads the cluster secret from a file or an environment variable (never the command line) and checks its size.</summary>
internal static class ClusterSecret
{
    /// <summary>Shorter secrets are refused: an HMAC is only as strong as its key.</summary>
    public const int MinimumLength = 16;

    public static byte[] FromText(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Checked(Encoding.UTF8.GetBytes(text.Trim()), source);
    }

    public static byte[] FromBytes(byte[] secret, string source) => Checked((byte[])secret.Clone(), source);

    /// <summary>The file's bytes; trailing white space (an editor's newline) is dropped.</summary>
    public static byte[] FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"Cluster secret file '{Path.GetFullPath(path)}' does not exist.", path);
        var bytes = File.ReadAllBytes(path);
        int length = bytes.Length;
        while (length > 0 && bytes[length - 1] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t') length--;
        return Checked(bytes[..length], $"cluster secret file '{Path.GetFullPath(path)}'");
    }

    public static byte[] FromEnvironment(string variable)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(variable);
        var value = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(value))
            throw new InvalidOperationException($"Environment variable '{variable}' that should hold the cluster secret is not set or empty.");
        return FromText(value, $"environment variable '{variable}'");
    }

    /// <summary>A fresh random secret (TestCluster).</summary>
    public static byte[] Random() => RandomNumberGenerator.GetBytes(32);

    private static byte[] Checked(byte[] secret, string source)
        => secret.Length >= MinimumLength
            ? secret
            : throw new ArgumentException($"The cluster secret from {source} has {secret.Length} bytes; at least {MinimumLength} are required.");
}
