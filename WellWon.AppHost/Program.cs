var builder = DistributedApplication.CreateBuilder(args);

var api = builder.AddProject<Projects.WellWon_Api>("api")
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.WellWon_Workers>("event-processor").WithArgs("event-processor").WaitFor(api);
builder.AddProject<Projects.WellWon_Workers>("data-sync").WithArgs("data-sync").WaitFor(api);
builder.AddProject<Projects.WellWon_Web>("web").WithReference(api).WaitFor(api);

builder.Build().Run();
