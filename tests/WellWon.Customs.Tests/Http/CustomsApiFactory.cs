using WellWon.Tests;

namespace WellWon.Customs.Tests.Http;

/// <summary>The real WellWon.Api on a database and Redis prefix of its own (<see cref="ApiTestHost"/>); Customs needs nothing more.</summary>
public sealed class CustomsApiFactory() : ApiTestHost("customs");
