using Npgsql;

namespace WellWon.Documents.Storage;

/// <summary>Who holds a company's content hash: the document, the blob written for it, and whether its append succeeded.</summary>
public sealed record ContentReservation(Guid DocumentId, string BlobKey, DateTimeOffset ReservedAt, bool Committed);

/// <summary>
/// <c>documents.content_index</c> and <c>documents.uploads</c>. The index is the uniqueness reservation behind duplicate detection:
/// the first upload of some content in a company reserves its SHA-256 before appending, so two identical uploads racing cannot
/// both be stored. The uploads table lists blobs written and not yet recorded, so a crash between the two leaves a sweepable row.
/// </summary>
public sealed class ContentIndex(NpgsqlDataSource db)
{
    public async Task BeginUploadAsync(string blobKey, Guid companyId, DateTimeOffset now, CancellationToken ct)
    {
        await using var insert = db.CreateCommand("INSERT INTO documents.uploads (blob_key, company_id, started_at) VALUES ($1, $2, $3)");
        insert.Parameters.Add(new NpgsqlParameter { Value = blobKey });
        insert.Parameters.Add(new NpgsqlParameter { Value = companyId });
        insert.Parameters.Add(new NpgsqlParameter { Value = now });
        await insert.ExecuteNonQueryAsync(ct);
    }

    public async Task EndUploadAsync(string blobKey, CancellationToken ct)
    {
        await using var delete = db.CreateCommand("DELETE FROM documents.uploads WHERE blob_key = $1");
        delete.Parameters.Add(new NpgsqlParameter { Value = blobKey });
        await delete.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Reserves the hash for <paramref name="documentId"/>; null when reserved now, else the reservation that holds it.</summary>
    public async Task<ContentReservation?> TryReserveAsync(Guid companyId, string sha256, Guid documentId, string blobKey, DateTimeOffset now, CancellationToken ct)
    {
        // Two statements: the SELECT's fresh snapshot sees a row that a racing upload committed while the INSERT waited on it.
        while (true)
        {
            await using (var insert = db.CreateCommand("""
                INSERT INTO documents.content_index (company_id, sha256, document_id, blob_key, reserved_at)
                VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (company_id, sha256) DO NOTHING
                """))
            {
                AddKey(insert, companyId, sha256);
                insert.Parameters.Add(new NpgsqlParameter { Value = documentId });
                insert.Parameters.Add(new NpgsqlParameter { Value = blobKey });
                insert.Parameters.Add(new NpgsqlParameter { Value = now });
                if (await insert.ExecuteNonQueryAsync(ct) == 1)
                {
                    return null;
                }
            }

            await using var select = db.CreateCommand(
                "SELECT document_id, blob_key, reserved_at, committed FROM documents.content_index WHERE company_id = $1 AND sha256 = $2");
            AddKey(select, companyId, sha256);
            await using var reader = await select.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
            {
                return new ContentReservation(reader.GetGuid(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetBoolean(3));
            }

            // Released in between: try to reserve again.
        }
    }

    /// <summary>Takes a stale reservation over (its upload died before recording); false when someone else changed it first.</summary>
    public async Task<bool> TakeOverAsync(Guid companyId, string sha256, string staleBlobKey, Guid documentId, string blobKey, DateTimeOffset now, CancellationToken ct)
    {
        await using var update = db.CreateCommand("""
            UPDATE documents.content_index SET document_id = $3, blob_key = $4, reserved_at = $5, committed = false
            WHERE company_id = $1 AND sha256 = $2 AND blob_key = $6
            """);
        AddKey(update, companyId, sha256);
        update.Parameters.Add(new NpgsqlParameter { Value = documentId });
        update.Parameters.Add(new NpgsqlParameter { Value = blobKey });
        update.Parameters.Add(new NpgsqlParameter { Value = now });
        update.Parameters.Add(new NpgsqlParameter { Value = staleBlobKey });
        return await update.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task CommitAsync(Guid companyId, string sha256, string blobKey, CancellationToken ct)
    {
        await using var update = db.CreateCommand("UPDATE documents.content_index SET committed = true WHERE company_id = $1 AND sha256 = $2 AND blob_key = $3");
        AddKey(update, companyId, sha256);
        update.Parameters.Add(new NpgsqlParameter { Value = blobKey });
        await update.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Gives the hash back after a failed append (only the reservation this upload made).</summary>
    public async Task ReleaseAsync(Guid companyId, string sha256, string blobKey, CancellationToken ct)
    {
        await using var delete = db.CreateCommand("DELETE FROM documents.content_index WHERE company_id = $1 AND sha256 = $2 AND blob_key = $3");
        AddKey(delete, companyId, sha256);
        delete.Parameters.Add(new NpgsqlParameter { Value = blobKey });
        await delete.ExecuteNonQueryAsync(ct);
    }

    /// <summary>An erased document's content may be uploaded again as new.</summary>
    public async Task ReleaseDocumentAsync(Guid documentId, CancellationToken ct)
    {
        await using var delete = db.CreateCommand("DELETE FROM documents.content_index WHERE document_id = $1");
        delete.Parameters.Add(new NpgsqlParameter { Value = documentId });
        await delete.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Blobs whose upload started before <paramref name="before"/> and never finished, oldest first.</summary>
    public async Task<IReadOnlyList<string>> AbandonedUploadsAsync(DateTimeOffset before, int limit, CancellationToken ct)
    {
        await using var select = db.CreateCommand("SELECT blob_key FROM documents.uploads WHERE started_at < $1 ORDER BY started_at LIMIT $2");
        select.Parameters.Add(new NpgsqlParameter { Value = before });
        select.Parameters.Add(new NpgsqlParameter { Value = limit });
        var keys = new List<string>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    /// <summary>Forgets the reservations an abandoned blob held, so its content can be uploaded again.</summary>
    public async Task ReleaseBlobAsync(string blobKey, CancellationToken ct)
    {
        await using var delete = db.CreateCommand("DELETE FROM documents.content_index WHERE blob_key = $1 AND NOT committed");
        delete.Parameters.Add(new NpgsqlParameter { Value = blobKey });
        await delete.ExecuteNonQueryAsync(ct);
    }

    private static void AddKey(NpgsqlCommand command, Guid companyId, string sha256)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = companyId });
        command.Parameters.Add(new NpgsqlParameter { Value = sha256 });
    }
}
