using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace LstmActors.Client.Csv;

/// <summary>
/// The rows of a <see cref="TickCsvReader"/>, parsed on a thread of their own in chunks ahead of their consumer, so that
/// parsing overlaps with what the consumer does with each row. A bad row's error comes after every row before it.
/// </summary>
internal static class RowsReadAhead
{
    private const int ChunkRows = 4096;
    private const int ChunksAhead = 4;

    /// <summary>The rows of <paramref name="reader"/> in file order; the reader is not used once the enumeration ends.</summary>
    public static async IAsyncEnumerable<TickRow> ReadAsync(TickCsvReader reader, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateBounded<TickRow[]>(new BoundedChannelOptions(ChunksAhead) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var parsing = Task.Run(() => ParseAsync(reader, channel.Writer, stop.Token), CancellationToken.None);
        try
        {
            await foreach (var chunk in channel.Reader.ReadAllAsync(cancellationToken))
            {
                foreach (var row in chunk) yield return row;
            }
        }
        finally
        {
            // The consumer may stop early: the parser stops too, and is done with the reader before the caller disposes it.
            await stop.CancelAsync();
            await parsing;
        }
    }

    private static async Task ParseAsync(TickCsvReader reader, ChannelWriter<TickRow[]> writer, CancellationToken cancellationToken)
    {
        var chunk = new List<TickRow>(ChunkRows);
        try
        {
            foreach (var row in reader.ReadRows())
            {
                chunk.Add(row);
                if (chunk.Count < ChunkRows) continue;
                await writer.WriteAsync([.. chunk], cancellationToken);
                chunk.Clear();
            }
            if (chunk.Count > 0) await writer.WriteAsync([.. chunk], cancellationToken);
            writer.Complete();
        }
        catch (InputException e) when (!cancellationToken.IsCancellationRequested)
        {
            // The rows before the bad one are used before its error is seen.
            if (chunk.Count > 0) await writer.WriteAsync([.. chunk], cancellationToken);
            writer.Complete(e);
        }
        catch (Exception e)
        {
            writer.TryComplete(e);
        }
    }
}
