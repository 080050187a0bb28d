namespace WellWon.Platform.Kernel;

/// <summary>A business rule said no. <see cref="Code"/> is stable (<c>"shipment.delivered"</c>) and maps to a problem detail.</summary>
public class DomainException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>The aggregate or read model does not exist (or the caller may not know that it does).</summary>
public sealed class NotFoundException(string code, string message) : DomainException(code, message);
