using WellWon.E2E.Tests.Infrastructure;

// Started once for the whole run, shared by every test: the processes take seconds to start, a test milliseconds.
[assembly: AssemblyFixture(typeof(WellWonApp))]
[assembly: AssemblyFixture(typeof(Chromium))]

// Lets a run pick them out or leave them out: --filter-trait "Category=E2E" / --filter-not-trait "Category=E2E".
[assembly: Trait("Category", "E2E")]
