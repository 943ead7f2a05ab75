using Claw.Abstractions.Auth;
using Claw.Gateway.Auth;

namespace Claw.Tests.Rules;

/// <summary>The route table's row for the operator console: its files are read without credentials, nothing else is opened.</summary>
public sealed class ConsoleRouteTests
{
    [Theory]
    [InlineData("GET", "/console")]
    [InlineData("GET", "/console/")]
    [InlineData("GET", "/console/index.html")]
    [InlineData("HEAD", "/console/js/views/tasks.js")]
    public void The_consoles_files_are_open(string method, string path) => Assert.Null(RouteRoles.For(method, path).Role);

    [Theory]
    [InlineData("POST", "/console/", ClawRole.Operator)]
    [InlineData("DELETE", "/console/index.html", ClawRole.Operator)]
    [InlineData("GET", "/consoles", ClawRole.Reader)]
    [InlineData("GET", "/console-admin/x", ClawRole.Reader)]
    [InlineData("GET", "/dashboard/", ClawRole.Reader)]
    public void Nothing_else_is_opened_by_it(string method, string path, ClawRole role) => Assert.Equal(role, RouteRoles.For(method, path).Role);
}
