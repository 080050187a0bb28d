using System.Text.Json;
using FluentValidation;
using FluentValidation.Results;
using Mediator;

namespace WellWon.Platform.Mediator;

/// <summary>
/// Runs every FluentValidation <see cref="IValidator{T}"/> registered for the message and refuses it with
/// <see cref="RequestValidationException"/> before authorization, idempotency or the handler see it.
/// </summary>
public sealed class ValidationBehavior<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    private readonly IValidator<TMessage>[] _validators = validators as IValidator<TMessage>[] ?? [.. validators];

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (_validators.Length == 0)
        {
            return await next(message, cancellationToken);
        }

        var context = new ValidationContext<TMessage>(message);
        List<ValidationFailure>? failures = null;
        foreach (var validator in _validators)
        {
            var result = await validator.ValidateAsync(context, cancellationToken);
            if (!result.IsValid)
            {
                (failures ??= []).AddRange(result.Errors);
            }
        }

        return failures is null
            ? await next(message, cancellationToken)
            : throw RequestValidationException.From(failures);
    }
}

/// <summary>One broken rule: the field as the client spells it (camelCase), the rule's code and a message for people.</summary>
public sealed record FieldError(string Field, string Code, string Message);

/// <summary>The request broke validation rules; becomes a 400 problem with the errors by field.</summary>
public sealed class RequestValidationException(IReadOnlyList<FieldError> errors)
    : Exception("The request is not valid: " + string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")))
{
    public IReadOnlyList<FieldError> Errors { get; } = errors;

    /// <summary>Field → messages, the shape of RFC 9457 validation problems in ASP.NET Core.</summary>
    public IDictionary<string, string[]> MessagesByField() =>
        Errors.GroupBy(e => e.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);

    /// <summary>Field → rule codes, so a client can react to "email.taken" without parsing a message.</summary>
    public IDictionary<string, string[]> CodesByField() =>
        Errors.GroupBy(e => e.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.Code).ToArray(), StringComparer.Ordinal);

    public static RequestValidationException From(IEnumerable<ValidationFailure> failures) =>
        new([.. failures.Select(f => new FieldError(FieldName(f.PropertyName), RuleCode(f.ErrorCode), f.ErrorMessage))]);

    public static RequestValidationException For(string field, string code, string message) =>
        new([new FieldError(field, code, message)]);

    /// <summary>"Address.Lines[0]" → "address.lines[0]": the names the client sent in its JSON.</summary>
    public static string FieldName(string? propertyName)
    {
        if (string.IsNullOrEmpty(propertyName))
        {
            return "$";
        }

        var segments = propertyName.Split('.');
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            var name = bracket < 0 ? segment : segment[..bracket];
            segments[i] = JsonNamingPolicy.CamelCase.ConvertName(name) + (bracket < 0 ? string.Empty : segment[bracket..]);
        }

        return string.Join('.', segments);
    }

    /// <summary>FluentValidation's built-in codes end in "Validator" ("NotEmptyValidator"); the rule's name is what a client needs.</summary>
    public static string RuleCode(string? errorCode) =>
        string.IsNullOrEmpty(errorCode) ? "Invalid"
        : errorCode.EndsWith("Validator", StringComparison.Ordinal) && errorCode.Length > "Validator".Length ? errorCode[..^"Validator".Length]
        : errorCode;
}
