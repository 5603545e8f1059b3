using System.Text.Json;
using LstmActors.Runtime.Membership;

namespace LstmActors.Runtime.AdoNet.Relational;

/// <summary>The suspicion votes of a membership row as the JSON text stored in its suspicions column.</summary>
internal static class SuspicionVotesJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>One vote as stored: the voter's address and the vote's time.</summary>
    private sealed record StoredVote(string Host, int Port, long Generation, DateTimeOffset Time);

    /// <summary>The votes as JSON, e.g. [{"host":"10.0.0.1","port":11111,"generation":7,"time":"..."}].</summary>
    public static string Write(IReadOnlyList<SuspicionVote> votes) =>
        JsonSerializer.Serialize(votes.Select(v => new StoredVote(v.Voter.Host, v.Voter.Port, v.Voter.Generation, v.Time)), Options);

    /// <summary>Parses the stored JSON; <paramref name="row"/> names the row in the error if the text is not a vote list.</summary>
    public static IReadOnlyList<SuspicionVote> Read(string json, string row)
    {
        try
        {
            var stored = JsonSerializer.Deserialize<StoredVote[]>(json, Options)
                ?? throw new JsonException("the column holds null");
            return stored.Select(v => new SuspicionVote(new SiloAddress(v.Host, v.Port, v.Generation), v.Time)).ToArray();
        }
        catch (JsonException e)
        {
            throw new StoreException($"Membership row {row}: the suspicions column is not a JSON list of votes: {e.Message}", e);
        }
    }
}
