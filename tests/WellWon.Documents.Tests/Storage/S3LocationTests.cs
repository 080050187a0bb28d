using WellWon.Documents.Storage;

namespace WellWon.Documents.Tests.Storage;

public sealed class S3LocationTests
{
    [Fact]
    public void A_url_names_the_endpoint_the_credentials_and_the_bucket()
    {
        var location = S3Location.Parse("http://minio:s3cr%2Ft@127.0.0.1:9000/documents");

        Assert.Equal((new Uri("http://127.0.0.1:9000/"), "documents", "minio", "s3cr/t", true),
            (location.ServiceUrl, location.Bucket, location.AccessKey, location.SecretKey, location.PathStyle));
    }

    [Theory]
    [InlineData("http://127.0.0.1:9000/documents")]
    [InlineData("http://a:b@127.0.0.1:9000/")]
    [InlineData("http://a:b@127.0.0.1:9000/one/two")]
    public void A_url_without_credentials_or_one_bucket_is_refused(string url) =>
        Assert.Throws<FormatException>(() => S3Location.Parse(url));
}
