using WellWon.Platform.Database;

namespace WellWon.Customs;

/// <summary>
/// The <c>customs</c> schema: the tariff tables (reference data seeded from the embedded files at start, each row with the period
/// it is in force) and the read model's tables.
/// </summary>
public static class CustomsSchema
{
    public const string Module = "customs";

    /// <summary>
    /// For a read model added over events already in the log (shipments created before it): asks the event processor to rebuild it
    /// from the whole log, where the platform's projection state exists (a new database has no history to replay).
    /// </summary>
    public static string RebuildFromHistory(string projection) => $"""

        DO $$
        BEGIN
            IF to_regclass('platform.projection_state') IS NOT NULL THEN
                INSERT INTO platform.projection_state (name, rebuildable, status, rebuild_requested_at)
                VALUES ('{projection}', true, 'rebuild-requested', now())
                ON CONFLICT (name) DO UPDATE SET status = 'rebuild-requested', rebuild_requested_at = now(), rebuild_error = NULL, updated_at = now();
            END IF;
        END $$;
        """;

    /// <summary>The payment type code (box 47) of each excise rate's kind of goods; the seeder fills it from excise_rates.csv.</summary>
    public const string ExcisePaymentCodes = """
        ALTER TABLE customs.excise_rates ADD COLUMN payment_code text CHECK (payment_code ~ '^[0-9]{4}$');
        """;

    /// <summary>Export duty per code with its period and payment type code; a code not listed pays none on export.</summary>
    public const string ExportDutyRates = """
        CREATE TABLE customs.export_duty_rates (
            code              text    NOT NULL,
            valid_from        date    NOT NULL,
            valid_to          date,
            kind              text    NOT NULL CHECK (kind IN ('ad_valorem', 'specific', 'combined')),
            ad_valorem_pct    numeric CHECK (ad_valorem_pct >= 0),
            specific_amount   numeric CHECK (specific_amount >= 0),
            specific_currency text,
            specific_unit     text,
            payment_code      text    NOT NULL CHECK (payment_code ~ '^[0-9]{4}$'),
            PRIMARY KEY (code, valid_from),
            CHECK ((kind = 'specific') = (ad_valorem_pct IS NULL)),
            CHECK ((kind = 'ad_valorem') = (specific_amount IS NULL))
        );
        """;

    public const string Tariff = """
        CREATE SCHEMA IF NOT EXISTS customs;

        -- Chapters (2 digits), headings (4) and subheadings (6): the path above a 10-digit code.
        CREATE TABLE customs.hs_headings (
            code           text PRIMARY KEY CHECK (code ~ '^([0-9]{2}|[0-9]{4}|[0-9]{6})$'),
            description_ru text NOT NULL,
            description_en text NOT NULL
        );

        CREATE TABLE customs.hs_codes (
            code           text NOT NULL CHECK (code ~ '^[0-9]{10}$'),
            valid_from     date NOT NULL,
            valid_to       date,
            description_ru text NOT NULL,
            description_en text NOT NULL,
            -- Both configurations, so a search finds "подшипники" by its stem and "bearing" by its English one.
            search         tsvector GENERATED ALWAYS AS (to_tsvector('russian', description_ru) || to_tsvector('english', description_en)) STORED,
            PRIMARY KEY (code, valid_from)
        );
        CREATE INDEX hs_codes_search ON customs.hs_codes USING gin (search);
        CREATE INDEX hs_codes_prefix ON customs.hs_codes (code text_pattern_ops);

        CREATE TABLE customs.duty_rates (
            code              text    NOT NULL,
            valid_from        date    NOT NULL,
            valid_to          date,
            kind              text    NOT NULL CHECK (kind IN ('ad_valorem', 'specific', 'combined')),
            ad_valorem_pct    numeric CHECK (ad_valorem_pct >= 0),
            specific_amount   numeric CHECK (specific_amount >= 0),
            specific_currency text,
            specific_unit     text,
            PRIMARY KEY (code, valid_from),
            CHECK ((kind = 'specific') = (ad_valorem_pct IS NULL)),
            CHECK ((kind = 'ad_valorem') = (specific_amount IS NULL))
        );

        CREATE TABLE customs.vat_categories (
            category   text    NOT NULL,
            valid_from date    NOT NULL,
            valid_to   date,
            rate_pct   numeric NOT NULL CHECK (rate_pct >= 0),
            PRIMARY KEY (category, valid_from)
        );

        CREATE TABLE customs.vat_rates (
            code       text NOT NULL,
            valid_from date NOT NULL,
            valid_to   date,
            category   text NOT NULL,
            PRIMARY KEY (code, valid_from)
        );

        CREATE TABLE customs.excise_rates (
            code       text    NOT NULL,
            valid_from date    NOT NULL,
            valid_to   date,
            kind       text    NOT NULL CHECK (kind = 'specific'),
            rate       numeric NOT NULL CHECK (rate >= 0),
            unit       text    NOT NULL,
            PRIMARY KEY (code, valid_from)
        );

        CREATE TABLE customs.fee_bands (
            valid_from date    NOT NULL,
            valid_to   date,
            value_from numeric NOT NULL,
            value_to   numeric,
            fee_rub    numeric NOT NULL CHECK (fee_rub >= 0),
            PRIMARY KEY (valid_from, value_from)
        );

        CREATE TABLE customs.preference_regimes (
            regime         text    NOT NULL,
            valid_from     date    NOT NULL,
            valid_to       date,
            factor         numeric NOT NULL CHECK (factor >= 0 AND factor <= 1),
            description_ru text    NOT NULL,
            description_en text    NOT NULL,
            PRIMARY KEY (regime, valid_from)
        );

        CREATE TABLE customs.preference_countries (
            country    text NOT NULL,
            valid_from date NOT NULL,
            valid_to   date,
            regime     text NOT NULL,
            PRIMARY KEY (country, valid_from)
        );

        CREATE TABLE customs.preference_goods (
            prefix     text NOT NULL,
            valid_from date NOT NULL,
            valid_to   date,
            PRIMARY KEY (prefix, valid_from)
        );

        CREATE TABLE customs.procedures (
            code      text PRIMARY KEY CHECK (code ~ '^[0-9]{2}$'),
            direction text NOT NULL CHECK (direction IN ('IM', 'EK', 'TT')),
            name_ru   text NOT NULL,
            name_en   text NOT NULL
        );

        -- The fingerprint of the files the tables were last seeded from.
        CREATE TABLE customs.tariff_seed (
            id        integer PRIMARY KEY CHECK (id = 1),
            checksum  text        NOT NULL,
            seeded_at timestamptz NOT NULL
        );
        """;
}

/// <summary>The <c>customs</c> module's migrations, in order; an applied one is never edited, a new version is added instead.</summary>
public sealed class CustomsMigrations : IMigrationSource
{
    public IEnumerable<Migration> Migrations { get; } =
    [
        new(CustomsSchema.Module, 1, "create tariff tables", CustomsSchema.Tariff),
        new(CustomsSchema.Module, 2, "create declarations", ReadModel.DeclarationsProjection.CreateSql(ReadModel.DeclarationsProjection.LiveTable)),
        new(CustomsSchema.Module, 3, "create exchange rates", ExchangeRates.ExchangeRateStore.Sql),
        new(CustomsSchema.Module, 4, "create shipment goods",
            ReadModel.ShipmentGoodsProjection.CreateSql(ReadModel.ShipmentGoodsProjection.LiveTable) + CustomsSchema.RebuildFromHistory("customs.shipment-goods")),
        new(CustomsSchema.Module, 5, "create price history",
            ReadModel.PriceHistoryProjection.CreateSql(ReadModel.PriceHistoryProjection.LiveTable) + CustomsSchema.RebuildFromHistory("customs.price-history")),
        new(CustomsSchema.Module, 6, "excise payment codes", CustomsSchema.ExcisePaymentCodes),
        new(CustomsSchema.Module, 7, "export duty rates", CustomsSchema.ExportDutyRates),
        // Rows written before rejections and recalls were kept apart hold neither; the rebuild reads them from the log.
        new(CustomsSchema.Module, 8, "declarations with rejection, recall and corrections", CustomsSchema.RebuildFromHistory("customs.declarations")),
        new(CustomsSchema.Module, 9, "create document lines", ReadModel.DocumentLinesProjection.CreateSql(ReadModel.DocumentLinesProjection.LiveTable)),
    ];
}
