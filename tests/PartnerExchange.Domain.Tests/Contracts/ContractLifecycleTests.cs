using PartnerExchange.Domain.Contracts;

namespace PartnerExchange.Domain.Tests.Contracts;

public sealed class ContractLifecycleTests
{
    private static readonly DateTimeOffset s_now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
    private const string Vendor = "acme";
    private const string Partner = "northwind";

    private static TransitionResult Apply(ContractState state, ContractAction action, string actor, bool partnershipActive = true) =>
        ContractLifecycle.Apply(state, action, actor, actor == Vendor, partnershipActive, s_now);

    private static ContractState Draft(string by = Vendor) => ContractState.NewDraft(by);

    private static ContractState Proposed(string by = Vendor) => Apply(Draft(by), ContractAction.Propose, by).State;

    private static ContractState Active() => Apply(Proposed(Vendor), ContractAction.Accept, Partner).State;

    [Fact]
    public void The_drafter_edits_a_draft() => Assert.Equal(TransitionError.None, Apply(Draft(), ContractAction.Edit, Vendor).Error);

    [Fact]
    public void The_counterparty_cannot_edit_a_draft() => Assert.Equal(TransitionError.NotAllowed, Apply(Draft(), ContractAction.Edit, Partner).Error);

    [Theory]
    [InlineData(ContractStatus.Proposed)]
    [InlineData(ContractStatus.Active)]
    [InlineData(ContractStatus.Superseded)]
    [InlineData(ContractStatus.Terminated)]
    [InlineData(ContractStatus.Rejected)]
    public void Only_a_draft_is_editable(string status) =>
        Assert.Equal(TransitionError.NotAllowed, Apply(Draft() with { Status = status }, ContractAction.Edit, Vendor).Error);

    [Fact]
    public void Proposing_records_the_proposer_and_counts_as_its_acceptance()
    {
        var result = Apply(Draft(Partner), ContractAction.Propose, Partner);

        Assert.Equal(ContractStatus.Proposed, result.State.Status);
        Assert.Equal(Partner, result.State.ProposedBy);
        Assert.Equal(s_now, result.State.AcceptedByPartnerAt);
        Assert.Null(result.State.AcceptedByVendorAt);
    }

    [Fact]
    public void Only_the_drafter_proposes() => Assert.Equal(TransitionError.NotAllowed, Apply(Draft(Vendor), ContractAction.Propose, Partner).Error);

    [Fact]
    public void Proposing_needs_an_active_partnership() =>
        Assert.Equal(TransitionError.PartnershipNotActive, Apply(Draft(), ContractAction.Propose, Vendor, partnershipActive: false).Error);

    [Fact]
    public void The_counterpartys_acceptance_activates_with_both_acceptances()
    {
        var result = Apply(Proposed(Vendor), ContractAction.Accept, Partner);

        Assert.True(result.Activated);
        Assert.Equal(s_now, result.State.ActivatedAt);
        Assert.NotNull(result.State.AcceptedByVendorAt);
        Assert.NotNull(result.State.AcceptedByPartnerAt);
    }

    [Fact]
    public void The_proposer_cannot_accept_its_own_proposal() => Assert.Equal(TransitionError.NotAllowed, Apply(Proposed(Vendor), ContractAction.Accept, Vendor).Error);

    [Fact]
    public void The_proposer_cannot_reject_its_own_proposal() => Assert.Equal(TransitionError.NotAllowed, Apply(Proposed(Vendor), ContractAction.Reject, Vendor).Error);

    [Fact]
    public void Accepting_needs_an_active_partnership() =>
        Assert.Equal(TransitionError.PartnershipNotActive, Apply(Proposed(), ContractAction.Accept, Partner, partnershipActive: false).Error);

    [Fact]
    public void The_counterparty_rejects_a_proposal()
    {
        var result = Apply(Proposed(Partner), ContractAction.Reject, Vendor);

        Assert.Equal(ContractStatus.Rejected, result.State.Status);
        Assert.Equal(s_now, result.State.RejectedAt);
    }

    [Theory]
    [InlineData(Vendor)]
    [InlineData(Partner)]
    public void Either_party_terminates_the_active_version(string actor)
    {
        var result = Apply(Active(), ContractAction.Terminate, actor);

        Assert.Equal(ContractStatus.Terminated, result.State.Status);
        Assert.Equal(s_now, result.State.TerminatedAt);
        Assert.False(result.Activated);
    }

    [Theory]
    [InlineData(ContractStatus.Draft, ContractAction.Accept)]
    [InlineData(ContractStatus.Draft, ContractAction.Reject)]
    [InlineData(ContractStatus.Draft, ContractAction.Terminate)]
    [InlineData(ContractStatus.Proposed, ContractAction.Propose)]
    [InlineData(ContractStatus.Proposed, ContractAction.Terminate)]
    [InlineData(ContractStatus.Active, ContractAction.Propose)]
    [InlineData(ContractStatus.Active, ContractAction.Accept)]
    [InlineData(ContractStatus.Active, ContractAction.Reject)]
    [InlineData(ContractStatus.Superseded, ContractAction.Propose)]
    [InlineData(ContractStatus.Superseded, ContractAction.Accept)]
    [InlineData(ContractStatus.Superseded, ContractAction.Terminate)]
    [InlineData(ContractStatus.Terminated, ContractAction.Propose)]
    [InlineData(ContractStatus.Terminated, ContractAction.Accept)]
    [InlineData(ContractStatus.Terminated, ContractAction.Terminate)]
    [InlineData(ContractStatus.Rejected, ContractAction.Propose)]
    [InlineData(ContractStatus.Rejected, ContractAction.Accept)]
    [InlineData(ContractStatus.Rejected, ContractAction.Reject)]
    [InlineData(ContractStatus.Rejected, ContractAction.Terminate)]
    public void Illegal_moves_are_refused_and_change_nothing(string status, ContractAction action)
    {
        var state = Draft(Vendor) with { Status = status, ProposedBy = status == ContractStatus.Draft ? null : Vendor };

        foreach (var actor in new[] { Vendor, Partner })
        {
            var result = Apply(state, action, actor);
            Assert.Equal(TransitionError.NotAllowed, result.Error);
            Assert.Same(state, result.State);
        }
    }

    [Fact]
    public void Superseding_keeps_the_activation_and_records_when()
    {
        var superseded = ContractLifecycle.Supersede(Active(), s_now.AddDays(1));

        Assert.Equal(ContractStatus.Superseded, superseded.Status);
        Assert.Equal(s_now, superseded.ActivatedAt);
        Assert.Equal(s_now.AddDays(1), superseded.SupersededAt);
    }
}
