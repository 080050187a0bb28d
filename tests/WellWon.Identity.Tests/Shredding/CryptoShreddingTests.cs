using System.Security.Cryptography;
using WellWon.Identity.Contracts;
using WellWon.Identity.Domain;
using WellWon.Identity.Shredding;

namespace WellWon.Identity.Tests.Shredding;

public sealed class CryptoShreddingTests
{
    private static readonly Guid Ann = Guid.NewGuid();

    [Fact]
    public void Sealed_fields_open_with_the_users_key_and_hold_no_plain_text()
    {
        var cipher = new PersonalDataCipher(Ann, RandomNumberGenerator.GetBytes(32));

        var first = cipher.Seal("Ann Importer");
        var second = cipher.Seal("Ann Importer");

        Assert.Equal("Ann Importer", cipher.Open(first));
        Assert.DoesNotContain("Importer", first.Ciphertext, StringComparison.Ordinal);
        Assert.NotEqual(first, second); // a fresh nonce each time: equal values cannot be matched across events
    }

    [Fact]
    public void Without_the_key_every_field_reads_as_erased()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var sealedName = new PersonalDataCipher(Ann, key).Seal("Ann");

        var erased = PersonalDataCipher.Erased(Ann);

        Assert.True(erased.IsErased);
        Assert.Null(erased.Open(sealedName));
        Assert.Throws<InvalidOperationException>(() => erased.Seal("Ann"));
    }

    [Fact]
    public void A_field_cannot_be_opened_with_another_key_or_moved_to_another_user()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var sealedName = new PersonalDataCipher(Ann, key).Seal("Ann");

        Assert.ThrowsAny<CryptographicException>(() => new PersonalDataCipher(Ann, RandomNumberGenerator.GetBytes(32)).Open(sealedName));
        Assert.ThrowsAny<CryptographicException>(() => new PersonalDataCipher(Guid.NewGuid(), key).Open(sealedName));
    }

    [Fact]
    public void A_tampered_field_is_detected()
    {
        var cipher = new PersonalDataCipher(Ann, RandomNumberGenerator.GetBytes(32));
        var text = cipher.Seal("Ann").Ciphertext;
        var tampered = new Sealed(text[..^2] + (text[^2] == 'A' ? "B" : "A") + text[^1]);

        Assert.ThrowsAny<CryptographicException>(() => cipher.Open(tampered));
    }

    [Fact]
    public void The_master_key_wraps_data_keys_for_one_user_only()
    {
        var master = new MasterKey(RandomNumberGenerator.GetBytes(32));
        var dataKey = RandomNumberGenerator.GetBytes(32);

        var wrapped = master.Wrap(Ann, dataKey);

        Assert.Equal(dataKey, master.Unwrap(Ann, wrapped));
        Assert.ThrowsAny<CryptographicException>(() => master.Unwrap(Guid.NewGuid(), wrapped));
        Assert.ThrowsAny<CryptographicException>(() => new MasterKey(RandomNumberGenerator.GetBytes(32)).Unwrap(Ann, wrapped));
    }

    [Fact]
    public void The_reservation_id_of_an_address_is_stable_keyed_and_normalised()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var master = new MasterKey(key);

        var id = master.EmailReservationId(Email.Parse("ann@example.com"));

        Assert.Equal(id, new MasterKey(key).EmailReservationId(Email.Parse(" ANN@Example.com ")));
        Assert.NotEqual(id, master.EmailReservationId(Email.Parse("bob@example.com")));
        // Without the master key the stream name reveals nothing: another key gives another id.
        Assert.NotEqual(id, new MasterKey(RandomNumberGenerator.GetBytes(32)).EmailReservationId(Email.Parse("ann@example.com")));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("c2hvcnQ=")]
    public void A_master_key_that_is_not_32_bytes_of_base64_fails_validation(string? configured) =>
        Assert.True(new IdentityKeyOptionsValidator().Validate(null, new IdentityKeyOptions { MasterKey = configured! }).Failed);
}
