using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using WellWon.Web.Api;
using WellWon.Web.Live;
using WellWon.Web.Session;

namespace WellWon.Web.Tests;

/// <summary>
/// A signed-in user's circuit for the chat and admin screens: MudBlazor, an interactive renderer, the Api behind
/// <see cref="StubApi"/>, a hub feed the test drives (<see cref="FakeLive"/>) and a fixed access token.
/// </summary>
public abstract class ScreenTestContext : BunitContext
{
    protected static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    static ScreenTestContext() =>
        // Screens that poll or fade run on timers: on a machine busy with other builds one second is not always enough.
        DefaultWaitTimeout = TimeSpan.FromSeconds(5);

    protected ScreenTestContext()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        var auth = AddAuthorization();
        auth.SetAuthorized("alice@wellwon.test");
        auth.SetClaims(new Claim("sub", Me.ToString()));
        Services.AddSingleton<IApiAccessToken>(new FixedAccessToken("test-token"));
        Services.AddSingleton<ILiveUpdates>(Live);
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton(new ChatApi(Api.Client()));
        Services.AddSingleton(new AdminApi(Api.Client()));
        // Last: it creates the renderer, after which no service can be added.
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    protected Guid Me { get; } = Guid.NewGuid();

    protected StubApi Api { get; } = new();

    protected FakeLive Live { get; } = new();

    protected static string ToJson(object value) => JsonSerializer.Serialize(value, Json);

    protected static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private sealed class FixedAccessToken(string token) : IApiAccessToken
    {
        public ValueTask<string?> GetAsync(CancellationToken ct) => ValueTask.FromResult<string?>(token);
    }
}

/// <summary>The hub as the screens see it, driven by the test: pushes, typing signals and connection states on demand.</summary>
public sealed class FakeLive : ILiveUpdates
{
    private readonly Lock _lock = new();
    private long _sequence;

    public LiveState State { get; private set; } = LiveState.Connected;

    public event Action<LiveState>? StateChanged;

    public event Action<LiveChange>? Changed;

    public event Action<TypingSignal>? Typing;

    public List<string> Joined { get; } = [];

    public List<string> Left { get; } = [];

    public List<Guid> TypingSent { get; } = [];

    public Task JoinChatAsync(Guid chatId, CancellationToken ct) => Record(Joined, LiveGroups.Chat(chatId));

    public Task LeaveChatAsync(Guid chatId, CancellationToken ct) => Record(Left, LiveGroups.Chat(chatId));

    public Task JoinCompanyAsync(Guid companyId, CancellationToken ct) => Record(Joined, LiveGroups.Company(companyId));

    public Task LeaveCompanyAsync(Guid companyId, CancellationToken ct) => Record(Left, LiveGroups.Company(companyId));

    public Task FollowUserAsync(Guid userId, CancellationToken ct) => Record(Joined, LiveGroups.User(userId));

    public Task TypingAsync(Guid chatId, CancellationToken ct)
    {
        lock (_lock)
        {
            TypingSent.Add(chatId);
        }

        return Task.CompletedTask;
    }

    public void Push(string group, string entity, string id, long version, string? scope = null) =>
        Changed?.Invoke(new LiveChange(group, Interlocked.Increment(ref _sequence), new ChangeNotification(entity, id, version, scope)));

    public void SomeoneTypes(Guid chatId, Guid userId) => Typing?.Invoke(new TypingSignal(chatId, userId));

    public void Set(LiveState state)
    {
        State = state;
        StateChanged?.Invoke(state);
    }

    private Task Record(List<string> list, string group)
    {
        lock (_lock)
        {
            list.Add(group);
        }

        return Task.CompletedTask;
    }
}
