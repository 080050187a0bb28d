using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WellWon.Platform.Scheduling;

namespace WellWon.Customs.ExchangeRates;

/// <summary>The central bank's rates: the store and client every Customs process uses, and the data-sync job that fills the store.</summary>
public static class RatesModule
{
    public static IServiceCollection AddCustomsRates(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(CentralBankRates)))
        {
            return services;
        }

        services.AddOptions<CustomsRatesOptions>()
            .BindConfiguration(CustomsRatesOptions.Section)
            .Validate(o => Uri.TryCreate(o.BaseUrl, UriKind.Absolute, out _), "Customs:Rates:BaseUrl must be an absolute URL.")
            .Validate(o => o.Interval > TimeSpan.Zero && o.Attempts > 0 && o.RecentDays >= 0, "Customs:Rates needs a positive Interval and Attempts.")
            .ValidateOnStart();
        // The client retries itself, with its own back-off and timeout; the service defaults' handler would retry each retry.
#pragma warning disable EXTEXP0001
        services.AddHttpClient<CentralBankClient>(http => http.Timeout = Timeout.InfiniteTimeSpan).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        services.TryAddSingleton<ExchangeRateStore>();
        services.AddScoped<CentralBankRates>();
        return services;
    }

    /// <summary>The data-sync role's line: the rates and <see cref="CentralBankRatesJob"/>.</summary>
    public static IServiceCollection AddCentralBankRatesJob(this IServiceCollection services) =>
        services.AddCustomsRates().AddScheduledJob<CentralBankRatesJob>();
}
