using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using WellWon.Chat.Domain;
using WellWon.Chat.Features;
using WellWon.Chat.ReadModel;
using WellWon.Chat.Sagas;
using WellWon.Chat.Telegram;
using WellWon.Companies.Contracts;
using WellWon.Platform.Database;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;
using WellWon.Platform.RealTime;
using WellWon.Platform.Sagas;

namespace WellWon.Chat;

/// <summary>Registers the Chat context: its schema, projections, readers, write-side services, the hub's chat check, and (in the worker) its saga.</summary>
public static class ChatModule
{
    /// <summary>
    /// The Api's part: the read model (sync projections), the commands' services, the hub's membership check, the saga store for
    /// the admin view, and the Telegram bridge's webhook side (<see cref="TelegramModule.AddTelegramBridge"/>).
    /// </summary>
    public static IHostApplicationBuilder AddChatModule(this IHostApplicationBuilder builder)
    {
        builder.Services.AddChatModule();
        return builder;
    }

    public static bool IsAdded(IServiceCollection services) => services.Any(d => d.ServiceType == typeof(ChatModuleMarker));

    /// <summary>The same for a bare service collection; calling it twice registers nothing twice.</summary>
    public static IServiceCollection AddChatModule(this IServiceCollection services)
    {
        if (IsAdded(services))
        {
            return services;
        }

        services.AddSingleton<ChatModuleMarker>();
        services.AddChatReadModel();
        // Wins over the hub's deny-all default in either order of registration: that one is only tried (TryAdd).
        services.AddSingleton<IChatMembership, ChatMembershipReader>();
        services.AddWellWonSagaStore();
        services.AddTelegramBridge();
        return services;
    }

    /// <summary>
    /// What any process running Chat's projections or commands needs (the event processor applies the projections again and
    /// pushes what the Api's sync run missed): the schema, the events (Chat's and the Companies contracts the saga reads), the
    /// projections (the Telegram outbox's feeder among them: it is asynchronous, so only the event processor runs it), the reader
    /// and the message sequence.
    /// </summary>
    public static IServiceCollection AddChatReadModel(this IServiceCollection services)
    {
        services.AddContextAssembly(typeof(ChatModule).Assembly);
        services.AddContextAssembly(typeof(CompanyCreated).Assembly);
        services.TryAddSingleton(TimeProvider.System);
        services.AddMigrations<ChatMigrations>();
        services.TryAddSingleton<ChatReader>();
        services.TryAddSingleton<IMessageSequence, MessageSequence>();
        services.AddProjection<ConversationProjection>();
        services.AddProjection<MemberProjection>();
        services.AddProjection<MessageProjection>();
        services.TryAddSingleton<TelegramLinkReader>();
        services.AddProjection<TelegramLinkProjection>();
        services.AddProjection<TelegramOutboxProjection>();
        return services;
    }

    /// <summary>The event processor's part: the company chat saga on the saga host (consumer group "sagas", topic "companies").</summary>
    public static IServiceCollection AddChatSagas(this IServiceCollection services)
    {
        services.AddChatReadModel();
        services.AddSaga<CompanyChatSaga>();
        return services.AddWellWonSagaHost();
    }

    private sealed class ChatModuleMarker;
}
