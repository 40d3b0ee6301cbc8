namespace PartnerExchange.Domain.Contracts;

public static class ContractStatus
{
    public const string Draft = "draft";
    public const string Proposed = "proposed";
    public const string Active = "active";
    public const string Superseded = "superseded";
    public const string Terminated = "terminated";
    public const string Rejected = "rejected";
}

public enum ContractAction
{
    Edit,
    Propose,
    Accept,
    Reject,
    Terminate,
}

/// <summary>The lifecycle state of one contract version (no content).</summary>
public sealed record ContractState(
    string Status,
    string DraftedBy,
    string? ProposedBy,
    DateTimeOffset? ProposedAt,
    DateTimeOffset? AcceptedByVendorAt,
    DateTimeOffset? AcceptedByPartnerAt,
    DateTimeOffset? ActivatedAt,
    DateTimeOffset? SupersededAt,
    DateTimeOffset? TerminatedAt,
    DateTimeOffset? RejectedAt)
{
    public static ContractState NewDraft(string draftedBy) => new(ContractStatus.Draft, draftedBy, null, null, null, null, null, null, null, null);
}

/// <summary>Why a move is refused: <c>NotAllowed</c> for an illegal move in this status or by this party.</summary>
public enum TransitionError
{
    None,
    NotAllowed,
    PartnershipNotActive,
}

public sealed record TransitionResult(ContractState State, TransitionError Error, string? Reason)
{
    public bool Activated => Error == TransitionError.None && State.Status == ContractStatus.Active && State.SupersededAt is null;
}

/// <summary>
/// DESIGN §4: either party drafts; only a draft is editable, by its drafter; the drafter proposes (which
/// counts as the drafter's acceptance); the counterparty accepts (activating it) or rejects; either
/// party terminates the active version. Superseded, rejected and terminated versions never change.
/// </summary>
public static class ContractLifecycle
{
    /// <param name="state">The version's current state.</param>
    /// <param name="action">The move asked for.</param>
    /// <param name="actor">The party asking.</param>
    /// <param name="actorIsVendor">Whether the actor is the partnership's vendor (else its partner).</param>
    /// <param name="partnershipActive">Whether the partnership's status is active.</param>
    /// <param name="now">The time of the move.</param>
    public static TransitionResult Apply(ContractState state, ContractAction action, string actor, bool actorIsVendor, bool partnershipActive, DateTimeOffset now)
    {
        TransitionResult Refuse(string reason) => new(state, TransitionError.NotAllowed, reason);
        var isDrafter = state.DraftedBy == actor;

        switch (action)
        {
            case ContractAction.Edit when state.Status != ContractStatus.Draft:
                return Refuse($"only a draft can be edited; this version is {state.Status}");
            case ContractAction.Edit when !isDrafter:
                return Refuse("only the party that drafted this version can edit it");
            case ContractAction.Edit:
                return new TransitionResult(state, TransitionError.None, null);

            case ContractAction.Propose when state.Status != ContractStatus.Draft:
                return Refuse($"only a draft can be proposed; this version is {state.Status}");
            case ContractAction.Propose when !isDrafter:
                return Refuse("only the party that drafted this version can propose it");
            case ContractAction.Propose when !partnershipActive:
                return new TransitionResult(state, TransitionError.PartnershipNotActive, "the partnership is not active");
            case ContractAction.Propose:
                return new TransitionResult(state with
                {
                    Status = ContractStatus.Proposed,
                    ProposedBy = actor,
                    ProposedAt = now,
                    AcceptedByVendorAt = actorIsVendor ? now : null,
                    AcceptedByPartnerAt = actorIsVendor ? null : now,
                }, TransitionError.None, null);

            case ContractAction.Accept or ContractAction.Reject when state.Status != ContractStatus.Proposed:
                return Refuse($"only a proposed version can be {(action == ContractAction.Accept ? "accepted" : "rejected")}; this version is {state.Status}");
            case ContractAction.Accept or ContractAction.Reject when state.ProposedBy == actor:
                return Refuse("the counterparty of the proposal must answer it");
            case ContractAction.Accept when !partnershipActive:
                return new TransitionResult(state, TransitionError.PartnershipNotActive, "the partnership is not active");
            case ContractAction.Accept:
                return new TransitionResult(state with
                {
                    Status = ContractStatus.Active,
                    ActivatedAt = now,
                    AcceptedByVendorAt = state.AcceptedByVendorAt ?? (actorIsVendor ? now : null),
                    AcceptedByPartnerAt = state.AcceptedByPartnerAt ?? (actorIsVendor ? null : now),
                }, TransitionError.None, null);
            case ContractAction.Reject:
                return new TransitionResult(state with { Status = ContractStatus.Rejected, RejectedAt = now }, TransitionError.None, null);

            case ContractAction.Terminate when state.Status != ContractStatus.Active:
                return Refuse($"only the active version can be terminated; this version is {state.Status}");
            case ContractAction.Terminate:
                return new TransitionResult(state with { Status = ContractStatus.Terminated, TerminatedAt = now }, TransitionError.None, null);

            default:
                return Refuse("unknown action");
        }
    }

    /// <summary>The previously active version, superseded by a newly activated one.</summary>
    public static ContractState Supersede(ContractState active, DateTimeOffset now) =>
        active with { Status = ContractStatus.Superseded, SupersededAt = now };
}
