namespace LstmActors.Runtime.Membership;

/// <summary>
/// Whether this silo's direct pings to a target leave the silo. Production silos have none (every ping is sent);
/// tests install one to cut the path from one silo to another in one direction (a one-way partition) while the rest
/// of the traffic, other silos' pings and the membership table are untouched. A cut ping is lost as on a broken link:
/// its probe times out.
/// </summary>
internal interface IProbePath
{
    bool Delivers(SiloAddress target);
}
