using WellWon.Chat.Contracts;
using WellWon.Platform.Kernel;

namespace WellWon.Chat.Domain;

/// <summary>What a message may hold; checked by the aggregate and, for a friendlier 400, by the validators.</summary>
public static class MessageRules
{
    public const int MaxTextLength = 4000;
    public const int MaxAttachments = 10;
    public const int MaxAttachmentNameLength = 255;

    public static string EnsureText(string? text, bool hasAttachments)
    {
        var trimmed = text?.Trim() ?? string.Empty;
        if (trimmed.Length == 0 && !hasAttachments)
        {
            throw new DomainException("chat.message-empty", "A message needs text or an attachment.");
        }

        if (trimmed.Length > MaxTextLength)
        {
            throw new DomainException("chat.message-too-long", $"A message holds at most {MaxTextLength} characters.");
        }

        return trimmed;
    }

    /// <summary>Bridged text longer than <see cref="MaxTextLength"/> is cut at the limit, its end marked with an ellipsis.</summary>
    public static string? FitBridged(string? text)
    {
        var trimmed = text?.Trim();
        return trimmed is { Length: > MaxTextLength } ? string.Concat(trimmed.AsSpan(0, MaxTextLength - 1), "…") : trimmed;
    }

    public static IReadOnlyList<DocumentReference> EnsureAttachments(IReadOnlyList<DocumentReference>? attachments)
    {
        var list = attachments ?? [];
        if (list.Count > MaxAttachments)
        {
            throw new DomainException("chat.too-many-attachments", $"A message holds at most {MaxAttachments} attachments.");
        }

        foreach (var a in list)
        {
            if (a.DocumentId == Guid.Empty || string.IsNullOrWhiteSpace(a.Name) || a.Name.Length > MaxAttachmentNameLength)
            {
                throw new DomainException("chat.attachment-invalid", "An attachment needs a document id and a name of at most 255 characters.");
            }
        }

        return [.. list.Select(a => a with { Name = a.Name.Trim() })];
    }
}
