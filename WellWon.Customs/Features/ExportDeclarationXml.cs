using Mediator;
using WellWon.Customs.Domain;
using WellWon.Customs.ReadModel;
using WellWon.Customs.Xml;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Customs.Features;

/// <summary>The XML of a declaration, or why it cannot be exported yet (every failing check).</summary>
public sealed record DeclarationXml(byte[]? Content, string FileName, IReadOnlyList<ExportCheck> Failures);

/// <summary>
/// <c>GET /api/customs/declarations/{id}/xml</c>: a participant of the declaration's company (a viewer too) downloads it as WellWon's
/// <c>ESADout_CU</c> XML, written from the declaration and its stored calculation and validated against the schema first.
/// </summary>
public sealed record ExportDeclarationXml(Guid DeclarationId, Guid UserId) : IQuery<DeclarationXml>, IRequireAuthenticatedUser;

public sealed class ExportDeclarationXmlHandler(DeclarationReader reader, ICompanyAccess access) : IQueryHandler<ExportDeclarationXml, DeclarationXml>
{
    public async ValueTask<DeclarationXml> Handle(ExportDeclarationXml query, CancellationToken cancellationToken)
    {
        var (state, _, _, _) = await reader.GetAsync(query.DeclarationId, cancellationToken) ?? throw CustomsErrors.DeclarationNotFound(query.DeclarationId);
        await DeclarationWrites.RequireAsync(access, query.UserId, state.CompanyId, query.DeclarationId, CompanyRole.Viewer, cancellationToken);
        var (xml, failures) = DeclarationXmlExporter.Export(query.DeclarationId, state);
        return new DeclarationXml(xml, $"ESADout_CU-{query.DeclarationId:N}.xml", failures);
    }
}
