using WellWon.Companies.ReadModel;
using WellWon.Platform.Database;

namespace WellWon.Companies;

/// <summary>The <c>companies</c> schema: Companies' read models, created with the same SQL a rebuild uses for its fresh copies.</summary>
public static class CompaniesSchema
{
    public const string Module = "companies";

    public static string ReadModels =>
        "CREATE SCHEMA IF NOT EXISTS companies;\n"
        + CompanyDirectoryProjection.TableSql(CompanyDirectoryProjection.LiveTable)
        + ParticipantsProjection.TableSql(ParticipantsProjection.LiveTable)
        + InvitationsProjection.TableSql(InvitationsProjection.LiveTable);
}

/// <summary>The <c>companies</c> module's migrations, in order; an applied one is never edited, a new version is added instead.</summary>
public sealed class CompaniesMigrations : IMigrationSource
{
    public IEnumerable<Migration> Migrations { get; } =
    [
        new(CompaniesSchema.Module, 1, "create company directory, participants and invitations", CompaniesSchema.ReadModels),
    ];
}
