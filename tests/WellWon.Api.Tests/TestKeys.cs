using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;

namespace WellWon.Api.Tests;

/// <summary>The Api refuses to start without its signing and master keys; each test host gets fresh random ones.</summary>
public static class TestKeys
{
    public static IWebHostBuilder UseRandomKeys(this IWebHostBuilder builder) => builder
        .UseSetting("Jwt:SigningKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)))
        .UseSetting("Identity:MasterKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
}
