using WellWon.Customs.Contracts;
using WellWon.Platform.Kernel;
using WellWon.Platform.RealTime;

namespace WellWon.Customs.ReadModel;

/// <summary>
/// What a declaration's changes look like to clients (<c>changed</c>, entity <c>"declaration"</c>), pushed to its company's group
/// after the event processor applied the event. Id = the declaration, Version = its stream version, Scope = the part that changed;
/// no content: the client re-reads through the API, where its role is checked.
/// </summary>
public static class DeclarationChanges
{
    public const string Entity = "declaration";

    public static string ScopeOf(IDomainEvent e) => e switch
    {
        DeclarationCreated => "created",
        DeclarationHeaderUpdated => "header",
        GoodsItemAdded or GoodsItemUpdated or GoodsItemRemoved => "items",
        DeclarationCostsSet => "costs",
        DeclarationChecked => "checked",
        DeclarationCalculated => "calculated",
        DeclarationSubmitted or DeclarationRegistered or DeclarationReleased or DeclarationRejected or DeclarationRecalled => "status",
        DeclarationCorrected => "correction",
        _ => "declaration",
    };

    public static (ChangeAudience, ChangeNotification) Changed(Guid companyId, Guid declarationId, long version, string scope) =>
        (ChangeAudience.Company(companyId), new ChangeNotification(Entity, declarationId.ToString("D"), version, scope));
}
