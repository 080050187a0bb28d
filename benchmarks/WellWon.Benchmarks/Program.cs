using WellWon.Benchmarks;
using static WellWon.Benchmarks.ResultTable;

// WellWon's benchmark: append throughput against raw Npgsql and Marten, whole-log reads, the profile API under load, the
// asynchronous path, page reads of a long chat, and the logistics dashboard of a company with many shipments.
// Progress goes to stderr; the one result table goes to stdout.
var options = BenchOptions.Parse(args);
using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(8));
var ct = cancel.Token;

var machine = await MachineInfo.ReadAsync(options.Postgres, ct);
var loadAtStart = MachineInfo.LoadAverage();
await Console.Error.WriteLineAsync(machine.ToString());
var table = new ResultTable();
foreach (var line in machine.Lines())
{
    table.Add(line);
}

if (options.Only.Contains("append"))
{
    await Console.Error.WriteLineAsync("append: 1, 16 and 64 writers, each on its own stream, a fresh database per row");
    var appends = await new AppendBenchmark(options).RunAsync(ct);
    string Cell(string store, int batch, int writers) =>
        appends[(store, batch, writers)] is var run && run.Complete
            ? $"{Number(run.EventsPerSecond)} ev/s · p99 {Ms(run.Result.P99Ms)}"
            : $"invalid: {run.Result.Failures} failed, {run.Stored:N0} of {run.Expected:N0} stored";
    double Rate(string store, int batch, int writers) =>
        appends[(store, batch, writers)] is var run && run.Complete ? run.EventsPerSecond : double.NaN;

    foreach (var batch in AppendBenchmark.BatchSizes)
    {
        foreach (var writers in AppendBenchmark.Writers)
        {
            table.Add(
                $"append, {batch} event{(batch == 1 ? "" : "s")} per append, {writers} writer{(writers == 1 ? "" : "s")} (events/s)",
                Cell("wellwon", batch, writers),
                Cell("raw", batch, writers),
                Cell("marten", batch, writers));
        }
    }

    foreach (var batch in AppendBenchmark.BatchSizes)
    {
        var ourOverRaw = Rate("wellwon", batch, 64) / Rate("raw", batch, 64);
        table.Add($"ratio WellWon / raw Npgsql, 64 writers, {batch}-event appends", Ratio(ourOverRaw), target: "≥ 0.70", verdict: Verdict(ourOverRaw >= 0.70));
    }

    foreach (var batch in AppendBenchmark.BatchSizes)
    {
        var ourOverMarten = Rate("wellwon", batch, 16) / Rate("marten", batch, 16);
        table.Add($"ratio WellWon / Marten, 16 writers, {batch}-event appends", Ratio(ourOverMarten), target: "≥ 1.0", verdict: Verdict(ourOverMarten >= 1.0));
    }
}

if (options.Only.Contains("read"))
{
    await Console.Error.WriteLineAsync($"read: the whole log from the start, {options.Scale.ReadEvents:N0} events, pages of {ReadAllBenchmark.PageSize:N0}");
    var (ours, marten) = await new ReadAllBenchmark(options).RunAsync(ct);
    table.Add(
        $"whole-log read from the start, {options.Scale.ReadEvents:N0} events, pages of {ReadAllBenchmark.PageSize:N0} (events/s)",
        Number(ours.EventsPerSecond),
        "",
        Number(marten.EventsPerSecond),
        "≥ 100,000",
        Verdict(ours.EventsPerSecond >= 100_000 && ours.Events == options.Scale.ReadEvents));
}

if (options.Only.Contains("http"))
{
    await Console.Error.WriteLineAsync($"http: PATCH /api/auth/profile, {ProfileHttpBenchmark.Clients} clients, WellWon.Api on loopback");
    var http = await new ProfileHttpBenchmark(options).RunAsync(ct);
    table.Add(
        $"PATCH /api/auth/profile, {ProfileHttpBenchmark.Clients} clients (requests/s; {http.Operations:N0} ok, {http.Failures:N0} failed)",
        Number(http.OperationsPerSecond));
    table.Add(
        $"PATCH /api/auth/profile, {ProfileHttpBenchmark.Clients} clients: latency p50 / p95 / p99",
        $"{Ms(http.P50Ms)} / {Ms(http.P95Ms)} / {Ms(http.P99Ms)}",
        target: "p99 < 50 ms",
        verdict: Verdict(http.P99Ms < 50 && http.Failures == 0));
}

if (options.Only.Contains("pipeline"))
{
    await Console.Error.WriteLineAsync(
        $"pipeline: {string.Join(" then ", PipelineBenchmark.Rates.Select(r => $"{r:N0}"))} events/s over {PipelineBenchmark.Users} accounts, WellWon.Workers (event-processor) and WellWon.Api on loopback");
    var pipeline = await new PipelineBenchmark(options).RunAsync(ct);
    foreach (var rate in PipelineBenchmark.Rates)
    {
        var phase = pipeline.Phases.FirstOrDefault(p => p.TargetRate == rate);
        table.Add(
            $"append → async projection lag p50 / p95 at {rate:N0} events/s (relay, Redis Streams, event processor)",
            phase is null
                ? "n/a (the slower rate did not drain)"
                : $"{Ms(LoadDriver.Percentile(phase.LagTicks, 0.50))} / {Ms(LoadDriver.Percentile(phase.LagTicks, 0.95))}"
                  + $" (p99 {Ms(LoadDriver.Percentile(phase.LagTicks, 0.99))}; {Number(phase.AppendedPerSecond)} ev/s appended, {Number(phase.ProjectedPerSecond)} ev/s projected"
                  + (phase.Unobserved > 0 ? $"; {phase.Unobserved:N0} not projected within 30 s)" : ")"));
    }

    foreach (var rate in PipelineBenchmark.Rates)
    {
        var phase = pipeline.Phases.FirstOrDefault(p => p.TargetRate == rate);
        table.Add(
            $"append → hub push p50 / p95 at {rate:N0} events/s (after the projection, Redis backplane, Api hub, SignalR client)",
            phase is null
                ? "n/a (the slower rate did not drain)"
                : $"{Ms(LoadDriver.Percentile(phase.PushTicks, 0.50))} / {Ms(LoadDriver.Percentile(phase.PushTicks, 0.95))}"
                  + $" (p99 {Ms(LoadDriver.Percentile(phase.PushTicks, 0.99))}"
                  + (phase.PushesMissing > 0 ? $"; {phase.PushesMissing:N0} of {phase.Appended:N0} not pushed)" : ")"));
    }
}

if (options.Only.Contains("chat"))
{
    await Console.Error.WriteLineAsync(
        $"chat: GET /api/chats/{{id}}/messages over {options.Scale.ChatMessages + ChatPagesBenchmark.PostsThroughApi:N0} messages, {ChatPagesBenchmark.Clients} clients, WellWon.Api on loopback");
    var chat = await new ChatPagesBenchmark(options).RunAsync(ct);
    const string Path = "GET /api/chats/{id}/messages";
    string Latency(LoadResult r) => $"{Ms(r.P50Ms)} / {Ms(r.P95Ms)} / {Ms(r.P99Ms)}";
    table.Add(
        $"chat: {chat.Messages:N0} messages in one conversation ({chat.Messages - ChatPagesBenchmark.PostsThroughApi:N0} seeded by binary COPY, {ChatPagesBenchmark.PostsThroughApi} posted through the API)",
        $"seeded in {chat.Seeding.TotalSeconds:0.0} s");
    table.Add(
        $"{Path} newest page of {ChatPagesBenchmark.PageSize}, {ChatPagesBenchmark.Clients} clients (requests/s; {chat.Newest.Operations:N0} ok, {chat.Newest.Failures:N0} failed)",
        Number(chat.Newest.OperationsPerSecond));
    table.Add($"{Path} newest page, {ChatPagesBenchmark.Clients} clients: latency p50 / p95 / p99", Latency(chat.Newest),
        target: "p99 < 50 ms", verdict: Verdict(chat.Newest.P99Ms < 50 && chat.Newest.Failures == 0));
    table.Add(
        $"{Path} deep keyset pages backwards (random depth, following nextBefore), {ChatPagesBenchmark.Clients} clients (requests/s; {chat.Deep.Operations:N0} ok, {chat.Deep.Failures:N0} failed)",
        Number(chat.Deep.OperationsPerSecond));
    table.Add($"{Path} deep pages, {ChatPagesBenchmark.Clients} clients: latency p50 / p95 / p99", Latency(chat.Deep),
        target: "p99 < 50 ms", verdict: Verdict(chat.Deep.P99Ms < 50 && chat.Deep.Failures == 0));
    var flat = chat.Deep.P50Ms / chat.Newest.P50Ms;
    table.Add("ratio deep page p50 / newest page p50 (a keyset page costs the same at any depth)", Ratio(flat), target: "≤ 1.5", verdict: Verdict(flat <= 1.5));
    table.Add(
        $"{Path} one client walking newest → oldest, {chat.Walk.Operations:N0} pages: requests/s; p50 / p95 / p99",
        $"{Number(chat.Walk.OperationsPerSecond)}; {Latency(chat.Walk)} ({chat.WalkedMessages:N0} messages seen{(chat.WalkComplete ? ", each once" : ", INCOMPLETE")})",
        target: "p99 < 20 ms, every message once",
        verdict: Verdict(chat.Walk.P99Ms < 20 && chat.WalkComplete));
}

if (options.Only.Contains("dashboard"))
{
    await Console.Error.WriteLineAsync(
        $"dashboard: GET /api/shipments/dashboard over {options.Scale.DashboardShipments:N0} shipments of one company, 1 and 4 clients, WellWon.Api on loopback");
    var dashboard = await new DashboardBenchmark(options).RunAsync(ct);
    const string Path = "GET /api/shipments/dashboard";
    string Latency(LoadResult r) => $"{Ms(r.P50Ms)} / {Ms(r.P95Ms)} / {Ms(r.P99Ms)}";
    var complete = dashboard.Counted == dashboard.Shipments;
    table.Add(
        $"dashboard: {dashboard.Shipments:N0} shipments in one company ({dashboard.Events:N0} events appended through the event store, rows by the dashboard projection)",
        $"seeded in {dashboard.Seeding.TotalSeconds:0.0} s{(complete ? "" : $"; INCOMPLETE: {dashboard.Counted:N0} counted")}");
    foreach (var (clients, run) in new[] { (1, dashboard.One), (4, dashboard.Four) })
    {
        table.Add(
            $"{Path}, {clients} client{(clients == 1 ? "" : "s")}: latency p50 / p95 / p99 ({run.Operations:N0} ok, {run.Failures:N0} failed; {Number(run.OperationsPerSecond)} requests/s)",
            Latency(run),
            target: "p95 < 200 ms",
            verdict: Verdict(run.P95Ms < 200 && run.Failures == 0 && complete));
    }

    table.Add(
        $"dashboard SQL alone (one batch of six indexed queries, one round trip, in-process reader): p50 / p95 / p99 ({dashboard.Sql.Operations:N0} reads)",
        Latency(dashboard.Sql));
}

string? documentsDetail = null;
if (options.Only.Contains("documents"))
{
    await Console.Error.WriteLineAsync($"documents: {options.Scale.Documents} generated invoices and packing lists, each as PDF text, clean 300 dpi and degraded 150 dpi scans (tesseract)");
    var documents = await new DocumentsBenchmark(options).RunAsync(ct);
    foreach (var variant in documents.Report.Variants)
    {
        foreach (var kind in new[] { WellWon.Documents.Reading.Extraction.DocumentKind.CommercialInvoice, WellWon.Documents.Reading.Extraction.DocumentKind.PackingList })
        {
            var (precision, recall, exact) = documents.Report.Totals(variant, kind);
            var target = variant switch { "clean image" => 0.95, "degraded image" => 0.85, _ => 0.99 };
            table.Add(
                $"documents: {kind}, {variant}: fields right (recall) · precision · documents all right",
                $"{Pct(recall)} · {Pct(precision)} · {Pct(exact)}",
                target: $"≥ {Pct(target)} fields right",
                verdict: Verdict(recall >= target));
        }
    }

    table.Add($"documents: OCR time per page (tesseract rus+eng, psm 4, {Environment.ProcessorCount} cores)", $"{documents.OcrSecondsPerPage:0.00} s");
    table.Add(
        $"documents: fields right on clean scans by page segmentation mode ({options.Scale.PsmSample} documents)",
        string.Join(" · ", documents.RecallByPsm.Select(p => $"psm {p.Key}: {Pct(p.Value)}")));
    table.Add(
        "documents: unknown supplier layout, fields right on its 2nd invoice before / after learning a template from the 1st",
        $"{Pct(documents.Template.Before)} / {Pct(documents.Template.After)}",
        target: "after > before",
        verdict: Verdict(documents.Template.After > documents.Template.Before));
    documentsDetail = documents.Report.ToMarkdown();
}

table.Insert(machine.Lines().Count(), $"load average (1 min) at start / end: {loadAtStart} / {MachineInfo.LoadAverage()}");

Console.Out.Write(table.ToString());
if (documentsDetail is not null)
{
    Console.Out.WriteLine();
    Console.Out.Write(documentsDetail);
}

static string Pct(double value) => WellWon.Documents.Reading.Accuracy.AccuracyReport.Percent(value);
