using LstmActors.Runtime.Invocation;
using LstmActors.Runtime.Serialization;

namespace LstmActors.Runtime.Messaging;

/// <summary>What a connection hands its frames to: a silo or a client. Throwing from <see cref="OnFrame"/> closes the connection with the exception's message as the logged reason.</summary>
internal interface IConnectionHandler
{
    /// <summary>Binds grain references read off this connection.</summary>
    IGrainCaller Caller { get; }

    void OnFrame(Connection connection, MessageKind kind, long requestId, FrameReader body);

    void OnClosed(Connection connection, string reason);
}
