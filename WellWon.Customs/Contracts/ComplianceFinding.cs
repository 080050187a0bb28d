using System.Text.Json.Serialization;

namespace WellWon.Customs.Contracts;

/// <summary>How much a finding of the check weighs: an error keeps the declaration a draft, a warning is for the declarant to judge.</summary>
public static class ComplianceSeverities
{
    public const string Error = "error";
    public const string Warning = "warning";
}

/// <summary>One finding of a declaration's check: its stable code, severity, the field it concerns (<c>items[0].documents</c>) and why.</summary>
public sealed record ComplianceFinding(string Code, string Severity, string Field, string Message)
{
    [JsonIgnore]
    public bool IsError => Severity == ComplianceSeverities.Error;

    public static ComplianceFinding Error(string code, string field, string message) => new(code, ComplianceSeverities.Error, field, message);

    public static ComplianceFinding Warning(string code, string field, string message) => new(code, ComplianceSeverities.Warning, field, message);
}
