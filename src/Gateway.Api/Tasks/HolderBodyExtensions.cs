using Claw.Abstractions.Leases;
using Claw.Gateway.Validation;

namespace Claw.Gateway.Tasks;

public static class HolderBodyExtensions
{
    public static LeaseProof Proof(this IHolderBody? body) =>
        body is null ? LeaseProof.None : new LeaseProof(body.LeaseId, body.LeaseToken, body.NodeId ?? body.BotId);

    public static ValidationErrors ValidateHolder(this IHolderBody body, ValidationErrors errors) => errors
        .Require(body.LeaseId is null || Ids.IsValid(body.LeaseId), "lease_id", Ids.Rule)
        .Require(body.LeaseToken is null || body.LeaseToken.Length is > 0 and <= 200, "lease_token", "1–200 characters.")
        .Require(body.NodeId is null || Ids.IsValid(body.NodeId), "node_id", Ids.Rule)
        .Require(body.BotId is null || Ids.IsValid(body.BotId), "bot_id", Ids.Rule);
}
