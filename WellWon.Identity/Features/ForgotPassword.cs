using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;
using WellWon.Identity.Domain;
using WellWon.Identity.Mail;
using WellWon.Identity.Sessions;
using WellWon.Identity.Shredding;
using WellWon.Platform.Kernel;

namespace WellWon.Identity.Features;

/// <summary>Asks for a reset code by e-mail (the JSON body of <c>POST /api/auth/forgot-password</c>).</summary>
public sealed record ForgotPassword(string Email) : ICommand;

public sealed class ForgotPasswordValidator : AbstractValidator<ForgotPassword>
{
    public ForgotPasswordValidator() =>
        RuleFor(x => x.Email).NotEmpty().MaximumLength(Email.MaxLength)
            .Must(e => Email.TryParse(e, out _)).WithMessage("'Email' is not a valid e-mail address.");
}

/// <summary>The answer is the same whether the address has an account or not, so it cannot be used to probe for accounts.</summary>
public sealed class ForgotPasswordHandler(
    IAggregateStore store,
    MasterKey master,
    OneTimeTokenStore tokens,
    IdentityMails mails,
    IOptions<IdentityOptions> options) : ICommandHandler<ForgotPassword>
{
    public async ValueTask<Unit> Handle(ForgotPassword command, CancellationToken cancellationToken)
    {
        var email = Email.Parse(command.Email);
        var reservation = await store.TryLoadAsync<EmailReservation>(master.EmailReservationId(email), cancellationToken);
        if (reservation?.State.Holder is not { } holder
            || await store.TryLoadAsync<UserAccount>(holder, cancellationToken) is not { State.Deleted: false } account)
        {
            return Unit.Value;
        }

        var token = await tokens.IssueAsync(account.Id, TokenPurpose.ResetPassword, options.Value.ResetTokenLifetime, cancellationToken);
        await mails.SendPasswordResetAsync(email.Value, token, cancellationToken);
        return Unit.Value;
    }
}
