using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using WellWon.Finance.Payments.Bank;
using WellWon.Finance.Payments.Features;
using WellWon.Finance.Payments.ReadModel;
using WellWon.Platform.Database;
using WellWon.Platform.Projections;
using WellWon.Platform.Sagas;
using WellWon.Platform.Scheduling;

namespace WellWon.Finance.Payments;

/// <summary>Payment orders' tables, in a migration module of their own (<c>finance.payments</c>), so they never renumber Finance's.</summary>
public sealed class PaymentMigrations : IMigrationSource
{
    public const string Module = "finance.payments";

    public IEnumerable<Migration> Migrations { get; } =
    [
        new(Module, 1, "create payment orders and their numbers",
            PaymentNumbers.Sql + PaymentOrdersProjection.CreateSql(PaymentOrdersProjection.LiveTable)),
    ];
}

/// <summary>Payment orders' part of the Finance module: options, the bank gateway, writes, the read model, the saga and the job.</summary>
public static class PaymentsModule
{
    /// <summary>What any process running payment orders needs (the Api and both worker roles). Calling it twice registers nothing twice.</summary>
    public static IServiceCollection AddPayments(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(PaymentNumbers)))
        {
            return services;
        }

        services.AddOptions<BankOptions>().BindConfiguration(BankOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BankOptions>>(new OptionsProblems<BankOptions>(BankOptions.Problems));
        services.AddOptions<PaymentOptions>().BindConfiguration(PaymentOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PaymentOptions>>(new OptionsProblems<PaymentOptions>(PaymentOptions.Problems));
        // The gateway retries itself, with its keys, back-off and timeout; the service defaults' handler would retry each retry.
#pragma warning disable EXTEXP0001
        services.AddHttpClient<IBankGateway, HttpBankGateway>(http => http.Timeout = Timeout.InfiniteTimeSpan).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        services.AddMigrations<PaymentMigrations>();
        services.TryAddScoped<PaymentNumbers>();
        services.TryAddScoped<PaymentLedger>();
        services.TryAddScoped<PaymentProcess>();
        services.TryAddScoped<PaymentWrites>();
        services.TryAddSingleton<PaymentOrderReader>();
        services.AddProjection<PaymentOrdersProjection>();
        return services;
    }

    /// <summary>The event processor's part: the saga that runs each order.</summary>
    public static IServiceCollection AddPaymentSaga(this IServiceCollection services) => services.AddPayments().AddSaga<PaymentOrderSaga>();

    /// <summary>The data-sync role's part: the bank's confirmations and the steps' timeouts.</summary>
    public static IServiceCollection AddPaymentJobs(this IServiceCollection services) => services.AddPayments().AddScheduledJob<PaymentConfirmationsJob>();

    // Names every problem at start-up, rather than one generic failure.
    private sealed class OptionsProblems<T>(Func<T, IEnumerable<string>> problems) : IValidateOptions<T> where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options) =>
            problems(options).ToList() is { Count: > 0 } found ? ValidateOptionsResult.Fail(found) : ValidateOptionsResult.Success;
    }
}
