namespace WellWon.Web.Api;

// Logistics' warehouses as WellWon.Api answers them (WarehouseSummary, WarehouseView, StockEntry), read by name.

public sealed record WarehouseListItem(Guid Id, Guid CompanyId, string Name, string UnLocode, DateTimeOffset CreatedAt, long Version);

public sealed record WarehouseListPage(IReadOnlyList<WarehouseListItem> Items);

/// <summary>What went wrong with part of a receipt: <c>damage</c> or <c>shortage</c>, the packages expected and received, and why.</summary>
public sealed record ReceiptDiscrepancyView(string Kind, int Expected, int Received, string Reason);

public sealed record GoodsReceiptView(
    Guid Id, Guid ShipmentId, Guid CargoLineId, int Expected, int Received, IReadOnlyList<ReceiptDiscrepancyView> Discrepancies, Guid By, DateTimeOffset At);

public sealed record WarehouseDetails(
    Guid Id, Guid CompanyId, string Name, string? Address, string UnLocode, IReadOnlyList<string> Locations,
    IReadOnlyList<GoodsReceiptView> Receipts, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, long Version);

/// <summary>Packages of a cargo line at a location; an empty or null location is received and not yet put away.</summary>
public sealed record StockItem(Guid WarehouseId, Guid ShipmentId, Guid CargoLineId, string? Location, int Quantity)
{
    public bool Unallocated => string.IsNullOrEmpty(Location);
}

public sealed record StockPage(IReadOnlyList<StockItem> Items);

public sealed record CreateWarehouseBody(Guid CompanyId, string? Name, string? Address, string? UnLocode);

public sealed record ReceiveGoodsBody(Guid ShipmentId, Guid CargoLineId, int Packages, IReadOnlyList<ReceiptDiscrepancyView> Discrepancies);

public sealed record StockMoveBody(Guid ShipmentId, Guid CargoLineId, string? Location, int Packages);

public sealed record CreatedId(Guid Id);

/// <summary>Logistics' warehouse endpoints, <c>/api/warehouses/*</c> (and a shipment's stock), as the signed-in user.</summary>
public sealed class WarehousesApi(HttpClient http)
{
    public Task<ApiResult<WarehouseListPage>> ListAsync(Guid companyId, CancellationToken ct) =>
        http.GetAsync<WarehouseListPage>($"/api/warehouses?companyId={companyId}", ct);

    public Task<ApiResult<CreatedId>> CreateAsync(CreateWarehouseBody body, CancellationToken ct) =>
        http.SendJsonAsync<CreatedId>(HttpMethod.Post, "/api/warehouses", body, ct);

    public Task<ApiResult<WarehouseDetails>> GetAsync(Guid id, CancellationToken ct) =>
        http.GetAsync<WarehouseDetails>($"/api/warehouses/{id}", ct);

    public Task<ApiResult<StockPage>> StockAsync(Guid id, CancellationToken ct) =>
        http.GetAsync<StockPage>($"/api/warehouses/{id}/stock", ct);

    public Task<ApiResult<NoContent>> AddLocationAsync(Guid id, string code, CancellationToken ct) =>
        http.SendJsonAsync<NoContent>(HttpMethod.Post, $"/api/warehouses/{id}/locations", new { code }, ct);

    public Task<ApiResult<CreatedId>> ReceiveAsync(Guid id, ReceiveGoodsBody body, CancellationToken ct) =>
        http.SendJsonAsync<CreatedId>(HttpMethod.Post, $"/api/warehouses/{id}/receipts", body, ct);

    public Task<ApiResult<NoContent>> PutAwayAsync(Guid id, StockMoveBody body, CancellationToken ct) =>
        http.SendJsonAsync<NoContent>(HttpMethod.Post, $"/api/warehouses/{id}/put-away", body, ct);

    public Task<ApiResult<CreatedId>> ReleaseAsync(Guid id, StockMoveBody body, CancellationToken ct) =>
        http.SendJsonAsync<CreatedId>(HttpMethod.Post, $"/api/warehouses/{id}/releases", body, ct);
}
