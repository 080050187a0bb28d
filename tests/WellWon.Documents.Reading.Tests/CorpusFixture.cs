using WellWon.Documents.Reading.Corpus;

namespace WellWon.Documents.Reading.Tests;

/// <summary>A temporary folder for generated documents, removed with the test class.</summary>
public sealed class CorpusFolder : IDisposable
{
    public CorpusFolder()
    {
        Path = Directory.CreateTempSubdirectory("wellwon-corpus-").FullName;
        Fonts = new Fonts();
        Generator = new CorpusGenerator(Fonts);
    }

    public string Path { get; }

    public Fonts Fonts { get; }

    public CorpusGenerator Generator { get; }

    public static Supplier Supplier(string key) => CorpusData.Suppliers.Concat([CorpusData.Unusual]).Single(s => s.Key == key);

    public void Dispose()
    {
        Fonts.Dispose();
        Directory.Delete(Path, recursive: true);
    }
}
