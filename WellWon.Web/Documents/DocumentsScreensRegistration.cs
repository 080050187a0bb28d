using WellWon.Web.Api;

namespace WellWon.Web.Documents;

public static class DocumentsScreensRegistration
{
    /// <summary>The documents screens' typed Api client (files, versions, links, downloads, reading and review).</summary>
    public static IServiceCollection AddDocumentsScreens(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddWellWonApi<DocumentsApi>(configuration);
        return services;
    }
}
