using System.Collections.Concurrent;
using FluentValidation;
using Mediator;
using Npgsql;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;

namespace WellWon.Api.Tests;

/// <summary>How many times each handler ran, by key.</summary>
public sealed class HandlerCalls
{
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);

    public void Record(string key) => _calls.AddOrUpdate(key, 1, (_, n) => n + 1);

    public int Of(string key) => _calls.GetValueOrDefault(key);
}

public sealed record RegisterCustomer(string Email, string Name) : ICommand<CustomerRegistered>;

public sealed record CustomerRegistered(Guid CustomerId);

public sealed class RegisterCustomerValidator : AbstractValidator<RegisterCustomer>
{
    public RegisterCustomerValidator()
    {
        RuleFor(x => x.Email).NotEmpty().EmailAddress();
        RuleFor(x => x.Name).NotEmpty().WithErrorCode("customer.name-required");
    }
}

public sealed class RegisterCustomerHandler : ICommandHandler<RegisterCustomer, CustomerRegistered>
{
    public ValueTask<CustomerRegistered> Handle(RegisterCustomer command, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new CustomerRegistered(Guid.NewGuid()));
}

public sealed record PlaceOrder(Guid OrderId, decimal Amount, string Currency) : ICommand<OrderPlaced>;

public sealed record OrderPlaced(Guid OrderId, Guid ConfirmationId, decimal Amount, string Currency);

public sealed class PlaceOrderHandler(HandlerCalls calls) : ICommandHandler<PlaceOrder, OrderPlaced>
{
    public ValueTask<OrderPlaced> Handle(PlaceOrder command, CancellationToken cancellationToken)
    {
        calls.Record($"order:{command.OrderId}");
        return ValueTask.FromResult(new OrderPlaced(command.OrderId, Guid.NewGuid(), command.Amount, command.Currency));
    }
}

public sealed record DeliverShipment(Guid ShipmentId) : ICommand<bool>;

public sealed class DeliverShipmentHandler : ICommandHandler<DeliverShipment, bool>
{
    public ValueTask<bool> Handle(DeliverShipment command, CancellationToken cancellationToken) =>
        throw new DomainException("shipment.delivered", "A delivered shipment cannot be delivered again.");
}

public sealed record GetShipment(Guid ShipmentId) : IQuery<string>;

public sealed class GetShipmentHandler : IQueryHandler<GetShipment, string>
{
    public ValueTask<string> Handle(GetShipment query, CancellationToken cancellationToken) =>
        throw new NotFoundException("shipment.not-found", $"Shipment {query.ShipmentId} does not exist.");
}

public sealed record RenameShipment(Guid ShipmentId, string Name) : ICommand<bool>;

public sealed class RenameShipmentHandler : ICommandHandler<RenameShipment, bool>
{
    public ValueTask<bool> Handle(RenameShipment command, CancellationToken cancellationToken) =>
        throw new WrongExpectedVersionException($"shipment-{command.ShipmentId:N}", ExpectedVersion.Exactly(3), 4);
}

/// <summary>Talks to a PostgreSQL that is not there (port 1), as a command does while the database is down.</summary>
public sealed record CountInvoices : IQuery<long>;

public sealed class CountInvoicesHandler : IQueryHandler<CountInvoices, long>
{
    public async ValueTask<long> Handle(CountInvoices query, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection("Host=127.0.0.1;Port=1;Username=wellwon;Timeout=2");
        await connection.OpenAsync(cancellationToken);
        return 0;
    }
}

public sealed record GetMyProfile : IQuery<ProfileView>, IRequireAuthenticatedUser;

public sealed record ProfileView(Guid? UserId, string? UserType);

public sealed class GetMyProfileHandler(ICurrentUser user) : IQueryHandler<GetMyProfile, ProfileView>
{
    public ValueTask<ProfileView> Handle(GetMyProfile query, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new ProfileView(user.UserId, user.UserType));
}

[RequireRole("ww_admin")]
public sealed record ApproveCompany(Guid CompanyId) : ICommand<bool>;

public sealed class ApproveCompanyHandler : ICommandHandler<ApproveCompany, bool>
{
    public ValueTask<bool> Handle(ApproveCompany command, CancellationToken cancellationToken) => ValueTask.FromResult(true);
}
