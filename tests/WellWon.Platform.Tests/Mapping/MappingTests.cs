using Mapster;
using MapsterMapper;
using Microsoft.Extensions.DependencyInjection;
using WellWon.Platform.Mapping;

namespace WellWon.Platform.Tests.Mapping;

public sealed record ShipmentRow(Guid Id, string Reference, string CarrierName, int ContainerCount);

public sealed record ShipmentSummary(Guid Id, string Reference, string Carrier, int Containers);

public sealed record ShipmentBadge(Guid Id, string Reference, string Colour);

/// <summary>A complete mapping: every destination member has a source.</summary>
public sealed class ShipmentMappings : IRegister
{
    public void Register(TypeAdapterConfig config) =>
        config.NewConfig<ShipmentRow, ShipmentSummary>()
            .Map(d => d.Carrier, s => s.CarrierName)
            .Map(d => d.Containers, s => s.ContainerCount);
}

/// <summary>Registrations given as a lambda; skipped by assembly scanning (no parameterless constructor).</summary>
public sealed class InlineRegister(Action<TypeAdapterConfig> register) : IRegister
{
    public void Register(TypeAdapterConfig config) => register(config);
}

public sealed class MappingTests
{
    [Fact]
    public void Registrations_are_scanned_compiled_and_served_as_IMapper()
    {
        using var services = new ServiceCollection().AddWellWonMapping(typeof(ShipmentMappings).Assembly).BuildServiceProvider();
        var row = new ShipmentRow(Guid.NewGuid(), "WW-1001", "Maersk", 3);

        var summary = services.GetRequiredService<IMapper>().Map<ShipmentSummary>(row);

        Assert.Equal(new ShipmentSummary(row.Id, "WW-1001", "Maersk", 3), summary);
    }

    [Fact]
    public void A_destination_member_without_a_source_fails_at_registration()
    {
        var broken = new InlineRegister(c => c.NewConfig<ShipmentRow, ShipmentBadge>());

        var ex = Assert.Throws<CompileException>(() => new ServiceCollection().AddWellWonMapping([broken]));

        Assert.Contains("do not have a corresponding source member mapped or ignored:Colour", ex.InnerException?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pair_of_types_nobody_registered_is_refused_instead_of_mapped_by_guesswork()
    {
        using var services = new ServiceCollection().AddWellWonMapping(typeof(ShipmentMappings).Assembly).BuildServiceProvider();
        var row = new ShipmentRow(Guid.NewGuid(), "WW-1002", "CMA CGM", 1);

        Assert.ThrowsAny<Exception>(() => services.GetRequiredService<IMapper>().Map<ShipmentBadge>(row));
    }
}
