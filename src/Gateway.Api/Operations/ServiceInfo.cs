namespace Claw.Gateway.Operations;

/// <summary>The answer of <c>GET /</c>: what runs here and where its tools are.</summary>
public sealed record ServiceInfo(string Name, string Status, string Version, string Docs, string OpenApi, string Dashboard, string Metrics, string Console);
