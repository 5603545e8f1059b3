namespace LstmActors.Runtime.Membership;

/// <summary>What an indirect probe found out.</summary>
internal enum IndirectProbeOutcome
{
    /// <summary>The intermediary pinged the target and it answered.</summary>
    Reached,
    /// <summary>The intermediary pinged the target and it did not answer.</summary>
    NotReached,
    /// <summary>The intermediary itself did not answer in time (or its connection failed).</summary>
    NoAnswer,
}
