using Mediator;
using Microsoft.Extensions.DependencyInjection;
using WellWon.Platform.Mediator;

namespace WellWon.Platform.Tests.Pipeline;

public sealed class ValidationBehaviorTests
{
    [Fact]
    public async Task Invalid_command_is_refused_with_camel_case_fields_and_rule_codes_before_the_handler_runs()
    {
        await using var services = PipelineHost.Build();
        await using var scope = services.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();

        var ex = await Assert.ThrowsAsync<RequestValidationException>(async () =>
            await mediator.Send(new RegisterCustomer("not-an-email", "", new CustomerAddress("12345678901")), TestContext.Current.CancellationToken));

        var messages = ex.MessagesByField();
        var codes = ex.CodesByField();
        Assert.Equal(["address.postCode", "email", "name"], messages.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["Email"], codes["email"]);
        Assert.Equal(["customer.name-required"], codes["name"]);
        Assert.Equal(["MaximumLength"], codes["address.postCode"]);
        Assert.Contains("Email", messages["email"].Single(), StringComparison.Ordinal);
        Assert.Equal(0, services.GetRequiredService<HandlerCalls>().Of(nameof(RegisterCustomerHandler)));
    }

    [Fact]
    public async Task Valid_command_reaches_its_handler()
    {
        await using var services = PipelineHost.Build();
        await using var scope = services.CreateAsyncScope();

        var id = await scope.ServiceProvider.GetRequiredService<IMediator>()
            .Send(new RegisterCustomer("ada@example.com", "Ada"), TestContext.Current.CancellationToken);

        Assert.NotEqual(Guid.Empty, id);
        Assert.Equal(1, services.GetRequiredService<HandlerCalls>().Of(nameof(RegisterCustomerHandler)));
    }

    [Theory]
    [InlineData("Email", "email")]
    [InlineData("Address.PostCode", "address.postCode")]
    [InlineData("Lines[2].HsCode", "lines[2].hsCode")]
    [InlineData("", "$")]
    public void Field_names_are_the_json_names(string propertyName, string field) =>
        Assert.Equal(field, RequestValidationException.FieldName(propertyName));

    [Fact]
    public async Task Registering_the_pipeline_twice_runs_each_behaviour_and_validator_once()
    {
        await using var services = PipelineHost.Build(configure: s => s.AddWellWonMediatorPipeline(typeof(PipelineHost).Assembly));
        await using var scope = services.CreateAsyncScope();

        Assert.Equal(4, scope.ServiceProvider.GetServices<IPipelineBehavior<RegisterCustomer, Guid>>().Count());
        var ex = await Assert.ThrowsAsync<RequestValidationException>(async () =>
            await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new RegisterCustomer("ada@example.com", ""), TestContext.Current.CancellationToken));
        Assert.Single(ex.Errors);
    }
}
