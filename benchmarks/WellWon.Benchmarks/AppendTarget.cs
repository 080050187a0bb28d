namespace WellWon.Benchmarks;

/// <summary>A store under the append benchmark, set up on a fresh database.</summary>
public interface IAppendTarget : IAsyncDisposable
{
    /// <summary>A writer of its own stream that appends <paramref name="batchSize"/> events per call.</summary>
    Operation CreateWriter(int writer, int batchSize);
}
