namespace LstmActors.Runtime.Configuration;

/// <summary>Call and connection settings shared by silos and clients (Orleans' SiloMessagingOptions/ClientMessagingOptions).</summary>
public sealed class MessagingOptions
{
    /// <summary>How long a caller waits for a response before a TimeoutException (Orleans' default: 30 s).</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest frame accepted or sent, in bytes; a larger incoming frame closes the connection.</summary>
    public int MaxFrameSize { get; set; } = 64 * 1024 * 1024;

    /// <summary>How long dialling a silo or gateway may take.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a new connection may take to complete the cluster-secret handshake before it is cut off.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
