using Claw.Abstractions.Audit;
using Claw.Abstractions.Auth;
using Claw.Abstractions.Errors;
using Claw.Abstractions.Identity;
using Claw.Abstractions.Nodes;
using Claw.Grains.Audit;
using Claw.Grains.Storage;

namespace Claw.Grains.Identity;

/// <summary>
/// Judges what a node signs against the key it registered (the node grain holds the key; this grain reads it on each
/// check, so a rotation or re-registration is seen at once). The nonces of signed results are written before the
/// result is passed on, so a replay is refused even after the silo that saw the original died.
/// </summary>
public sealed partial class NodeIdentityGrain(
    [PersistentState("node-identity", AdoNetGrainStorage.ProviderName)] IPersistentState<NodeIdentityState> state,
    AuditLog audit,
    TimeProvider time,
    ILogger<NodeIdentityGrain> logger) : Grain, INodeIdentityGrain
{
    private string NodeId => this.GetPrimaryKeyString();

    private INodeGrain Node => GrainFactory.GetGrain<INodeGrain>(NodeId);

    public async Task<bool> VerifyConnectAsync(string nonce, string ts, string? signature)
    {
        if (await KeyAsync() is not { } key)
        {
            return true;
        }

        var valid = Ed25519Keys.Verify(key, SignedTexts.Connect(NodeId, nonce, ts), signature);
        Audit(valid ? AuditType.SignatureVerified : AuditType.SignatureFailed, "connect", "node:" + NodeId, valid ? null : "bad connect signature");
        return valid;
    }

    public async Task CheckResultAsync(ResultClaim claim)
    {
        var key = await KeyAsync();
        if (claim.Signature is not { } signature)
        {
            if (key is not null && claim.SignatureRequired)
            {
                throw Refuse(claim, 401, ErrorCodes.SignatureRequired, "This node registered a public_key: its results must carry a signature {ts, nonce, sig}.");
            }

            return;
        }

        if (key is null)
        {
            throw Refuse(claim, 401, ErrorCodes.BadSignature, "This node registered no public_key, so its signature cannot be verified.");
        }

        var now = time.GetUtcNow();
        if (!SignatureWindow.IsFresh(signature.Ts, now))
        {
            throw Refuse(claim, 401, ErrorCodes.StaleSignature, "The signature's ts is outside the window (at most 5 minutes old, 30 seconds ahead).");
        }

        if (!NonceLedger.IsValidNonce(signature.Nonce) || SignedBytes(claim, signature) is not { } signed || !Ed25519Keys.Verify(key, signed, signature.Sig))
        {
            throw Refuse(claim, 401, ErrorCodes.BadSignature, "The signature does not verify with this node's public_key.");
        }

        switch (NonceLedger.Admit(state.State.Nonces, signature.Nonce, signature.Ts, now))
        {
            case NonceLedger.Verdict.Replayed:
                throw Refuse(claim, 409, ErrorCodes.Replayed, "This nonce was used before by this node: a signed result is accepted once.");
            case NonceLedger.Verdict.Full:
                throw ClawException.RateLimited("Too many signed results in the last five minutes.", SignatureWindow.Future);
        }

        await state.WriteOrForgetAsync(this);
        Audit(AuditType.SignatureVerified, claim.Member == ResultClaim.Result ? "complete" : "fail", "task:" + claim.TaskId, null);
    }

    public async Task<NodeView> RotateKeyAsync(string publicKey, string signature)
    {
        var current = await KeyAsync();
        if (!Ed25519Keys.IsPublicKey(publicKey))
        {
            throw ClawException.InvalidField("public_key", "Must be an Ed25519 public key: 32 bytes in base64url.");
        }

        if (current is null || !Ed25519Keys.Verify(current, SignedTexts.Rotate(NodeId, publicKey), signature))
        {
            Audit(AuditType.SignatureFailed, "rotate key", "node:" + NodeId, current is null ? "no key to rotate" : "not signed by the current key");
            throw new ClawException(401, ErrorCodes.BadSignature, current is null
                ? "This node has no public_key to rotate; register one."
                : "The rotation must be signed by the node's current key over claw-rotate-v1|{node_id}|{public_key}.");
        }

        var view = await Node.SetPublicKeyAsync(publicKey);
        Audit(AuditType.SignatureVerified, "rotate key", "node:" + NodeId, null);
        LogRotated(logger, NodeId);
        return view;
    }

    private async Task<string?> KeyAsync() => (await Node.GetAsync() ?? throw ClawException.NotFound("node", NodeId)).PublicKey;

    private ClawException Refuse(ResultClaim claim, int status, string code, string detail)
    {
        Audit(AuditType.SignatureFailed, claim.Member == ResultClaim.Result ? "complete" : "fail", "task:" + claim.TaskId, code);
        LogRefused(logger, NodeId, claim.TaskId, code);
        return new ClawException(status, code, detail);
    }

    private void Audit(AuditType type, string action, string resource, string? reason) => audit.Record(new AuditEntry(
        time.GetUtcNow(), type, PrincipalContext.Current?.Id ?? "system", NodeId, action, resource,
        type == AuditType.SignatureVerified ? "allowed" : "denied", reason, RequestContext.Get(CorrelationContext.Key) as string));

    [LoggerMessage(EventIds.NodeSignatureRefused, LogLevel.Information, "Refused a result of node {NodeId} for task {TaskId}: {Code}")]
    private static partial void LogRefused(ILogger logger, string nodeId, string taskId, string code);

    [LoggerMessage(EventIds.NodeKeyRotated, LogLevel.Information, "Node {NodeId} rotated its public key")]
    private static partial void LogRotated(ILogger logger, string nodeId);

    /// <summary>The bytes the signature covers; null when the value has no RFC 8785 form (a member name twice, a number beyond a double), which no signature can cover.</summary>
    private static byte[]? SignedBytes(ResultClaim claim, ResultSignature signature)
    {
        try
        {
            return SignedTexts.Result(claim, signature.Ts, signature.Nonce);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
