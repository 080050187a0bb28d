using WellWon.Chat.Telegram;
using WellWon.Platform.Scheduling;

namespace WellWon.Workers.DataSync;

/// <summary>
/// The data-sync role: the work WellWon does on a clock rather than in answer to events (exchange rates, carrier tracking,
/// customs status, integrity checks), each a scheduled job that runs once per interval however many instances there are, and
/// the Telegram bridge's outgoing side (the outbox sender) and, in polling mode, its incoming side. The bridge lives here rather
/// than in the event processor: Telegram's rate limits, timeouts and outages then delay only Telegram, never the projections and
/// sagas the event processor runs, and the event processor's only part is the projection that queues what is to be sent.
/// </summary>
public static class DataSyncRole
{
    public static IHostApplicationBuilder AddDataSyncRole(this IHostApplicationBuilder builder)
    {
        builder.Services.AddWellWonScheduler();
        builder.Services.AddDataSyncJobs();
        builder.Services.AddSingleton<IChatAuthorNames, IdentityAuthorNames>();
        builder.Services.AddTelegramBridgeWorker();
        return builder;
    }
}
