namespace Claw.Gateway.Auth;

/// <summary>A host was asked to listen beyond loopback without authentication (and without <c>--insecure</c>).</summary>
public sealed class InsecureListenException(string message) : InvalidOperationException(message);
