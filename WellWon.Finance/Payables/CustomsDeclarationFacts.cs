using WellWon.Customs.Contracts;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;

namespace WellWon.Finance.Payables;

/// <summary>A declaration's payments in roubles: duty, excise, VAT and fees (the customs fee and any other payment of the sheet).</summary>
public sealed record CustomsPayments(decimal Duty, decimal Excise, decimal Vat, decimal Fees)
{
    public static readonly CustomsPayments None = new(0m, 0m, 0m, 0m);

    public decimal Total => Duty + Excise + Vat + Fees;

    public static CustomsPayments Of(CalculationSheet sheet) => new(sheet.Duty, sheet.Excise, sheet.Vat, sheet.Fee);

    public CustomsPayments Minus(CustomsPayments other) => new(Duty - other.Duty, Excise - other.Excise, Vat - other.Vat, Fees - other.Fees);
}

/// <summary>
/// One point of a registered declaration's life at which what is owed to customs became <paramref name="Owed"/>: <c>registered</c>
/// (the calculation current at registration), <c>v{version}</c> (a calculation after registration, i.e. a correction), or
/// <c>withdrawn</c> (recalled or refused after registration: nothing is owed). Its key names the ledger entry that books the change.
/// </summary>
public sealed record CustomsPayableStep(string Key, CustomsPayments Owed, DateTimeOffset At);

/// <summary>
/// What Finance knows of a declaration, folded from its stream ("customs-declaration-{id}") through Customs' event contracts only:
/// its company and shipment, its registration, and the steps of what it owes. Deterministic in the stream, so a replay or a second
/// process folds the same facts and derives the same ledger entry ids.
/// </summary>
public sealed record CustomsDeclarationFacts(
    Guid DeclarationId,
    Guid CompanyId,
    Guid? ShipmentId,
    string? RegistrationNumber,
    DateTimeOffset? RegisteredAt,
    IReadOnlyList<CustomsPayableStep> Steps,
    long Version)
{
    public const string StreamCategory = "customs-declaration";

    public bool Registered => RegisteredAt is not null;

    /// <summary>What is owed now (the last step's), none before registration.</summary>
    public CustomsPayments Owed => Steps.Count > 0 ? Steps[^1].Owed : CustomsPayments.None;

    public static string StreamOf(Guid declarationId) => $"{StreamCategory}-{declarationId:N}";

    /// <summary>The declaration id of a declaration stream's name, or null for any other stream.</summary>
    public static Guid? DeclarationOf(string streamId) =>
        streamId.StartsWith(StreamCategory + "-", StringComparison.Ordinal) && Guid.TryParseExact(streamId.AsSpan(StreamCategory.Length + 1), "N", out var id) ? id : null;

    /// <summary>Folds the declaration's stream up to <paramref name="upTo"/> (inclusive; all of it when null); null when it has no events.</summary>
    public static async Task<CustomsDeclarationFacts?> FoldAsync(IEventStore events, EventTypeRegistry registry, Guid declarationId, long? upTo, CancellationToken ct)
    {
        var list = new List<(long Version, IDomainEvent Event)>();
        await foreach (var recorded in events.ReadStreamAsync(StreamOf(declarationId), 0, ReadDirection.Forwards, 100_000, ct))
        {
            if (upTo is { } last && recorded.StreamVersion > last)
            {
                break;
            }

            if (registry.Deserialize(recorded.EventType, recorded.Data) is { } e)
            {
                list.Add((recorded.StreamVersion, e));
            }
        }

        return list.Count == 0 ? null : Fold(declarationId, list);
    }

    /// <summary>The facts of <paramref name="events"/> (the stream's, in order).</summary>
    public static CustomsDeclarationFacts Fold(Guid declarationId, IEnumerable<(long Version, IDomainEvent Event)> events)
    {
        var facts = new CustomsDeclarationFacts(declarationId, Guid.Empty, null, null, null, [], -1);
        CalculationSheet? current = null;
        var steps = new List<CustomsPayableStep>();
        var withdrawn = false;
        foreach (var (version, e) in events)
        {
            switch (e)
            {
                case DeclarationCreated c:
                    facts = facts with { CompanyId = c.CompanyId, ShipmentId = c.Header.ShipmentId };
                    break;
                case DeclarationHeaderUpdated h:
                    facts = facts with { ShipmentId = h.Header.ShipmentId };
                    break;
                case DeclarationCorrected k:
                    facts = facts with { ShipmentId = k.Header.ShipmentId };
                    break;
                case DeclarationCalculated calculated:
                    current = calculated.Sheet;
                    if (facts.Registered && !withdrawn)
                    {
                        steps.Add(new CustomsPayableStep($"v{version}", CustomsPayments.Of(calculated.Sheet), calculated.At));
                    }

                    break;
                case DeclarationRegistered r when !facts.Registered:
                    facts = facts with { CompanyId = r.CompanyId, RegistrationNumber = r.RegistrationNumber, RegisteredAt = r.RegisteredAt };
                    steps.Add(new CustomsPayableStep("registered", current is null ? CustomsPayments.None : CustomsPayments.Of(current), r.RegisteredAt));
                    break;
                case DeclarationRecalled recalled when facts.Registered && !withdrawn:
                    withdrawn = true;
                    steps.Add(new CustomsPayableStep("withdrawn", CustomsPayments.None, recalled.At));
                    break;
                case DeclarationRejected rejected when facts.Registered && !withdrawn:
                    // Refused after registration: what was owed is no longer owed (a refund, where it was paid).
                    withdrawn = true;
                    steps.Add(new CustomsPayableStep("withdrawn", CustomsPayments.None, rejected.RejectedAt));
                    break;
            }

            facts = facts with { Version = version };
        }

        return facts with { Steps = steps };
    }
}
