using WellWon.BankSimulator;

// A simulated bank, "WellWon Simulated Bank": quotes, deals and transfers on WellWon's bank gateway contract, for local runs.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddBankSimulator();

var app = builder.Build();
app.MapDefaultEndpoints();
app.UseBankSimulator();
app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
