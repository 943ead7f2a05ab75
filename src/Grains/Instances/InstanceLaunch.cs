using Claw.Abstractions.Instances;

namespace Claw.Grains.Instances;

/// <summary>Everything the supervisor needs to start one instance's process; the token and model key stay in its config file.</summary>
public sealed record InstanceLaunch(string InstanceId, string LaunchId, InstanceLayout Layout, int Port, string Token, string Version, ModelProvider? ModelProvider);
