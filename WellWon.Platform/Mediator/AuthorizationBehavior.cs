using System.Reflection;
using Mediator;
using WellWon.Platform.Kernel;

namespace WellWon.Platform.Mediator;

/// <summary>The message may only be sent by a signed-in user.</summary>
public interface IRequireAuthenticatedUser;

/// <summary>The message may only be sent by a signed-in user who holds at least one of <see cref="Roles"/> (implies authentication).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class RequireRoleAttribute(params string[] roles) : Attribute
{
    public IReadOnlyList<string> Roles { get; } = roles;
}

/// <summary>Nobody is signed in and the message requires a user; becomes 401.</summary>
public sealed class UnauthenticatedException(string message = "Sign in to do this.") : Exception(message);

/// <summary>The signed-in user may not do this; becomes 403.</summary>
public sealed class ForbiddenException(string message = "You may not do this.") : Exception(message);

/// <summary>
/// Checks what a message declares (<see cref="IRequireAuthenticatedUser"/>, <see cref="RequireRoleAttribute"/>) against
/// <see cref="ICurrentUser"/>; a message that declares nothing is open. Declared on the message, so every caller
/// (endpoint, saga, test) meets the same rule.
/// </summary>
public sealed class AuthorizationBehavior<TMessage, TResponse>(ICurrentUser user) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    private static readonly string[]? Roles = typeof(TMessage).GetCustomAttribute<RequireRoleAttribute>()?.Roles.ToArray();
    private static readonly bool RequiresUser = Roles is not null || typeof(IRequireAuthenticatedUser).IsAssignableFrom(typeof(TMessage));

    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (RequiresUser && !user.IsAuthenticated)
        {
            throw new UnauthenticatedException();
        }

        if (Roles is { Length: > 0 } && !Roles.Any(user.IsInRole))
        {
            throw new ForbiddenException($"This requires one of the roles: {string.Join(", ", Roles)}.");
        }

        return next(message, cancellationToken);
    }
}
