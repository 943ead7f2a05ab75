using System.Collections.Immutable;
using Claw.Abstractions.OpenClaw;
using Claw.Grains.OpenClaw;
using static Claw.Tests.Rules.RuleData;

namespace Claw.Tests.Rules;

/// <summary>A gateway's status from its record and its connection's reports: stale reports, the serving grace, the errors kept.</summary>
public sealed class GatewayHealthTests
{
    private static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(1);

    private static GatewayState Registered()
    {
        var gateway = new GatewayState();
        new GatewayLifecycle(gateway, T0).Register(new GatewaySpec("gw", "ws://127.0.0.1:1", "tok", "main", 2, [], ImmutableDictionary<string, string>.Empty, null));
        return gateway;
    }

    private static ConnectionReport Report(GatewayStatus status, params GatewayError[] errors) =>
        new("conn-1", status, "2026.9.6", T0, 1, 0, 0, 0, [.. errors]);

    [Fact]
    public void Before_any_report_a_gateway_is_connecting_and_serves_for_the_grace_after_activation()
    {
        var gateway = Registered();
        var health = new GatewayHealth();
        health.Activated(T0);

        Assert.Equal(GatewayStatus.Connecting, health.Status(gateway, T0, ReportInterval));
        Assert.True(health.IsServing(gateway, T0 + Grace - TimeSpan.FromSeconds(1), ReportInterval, Grace));
        Assert.False(health.IsServing(gateway, T0 + Grace, ReportInterval, Grace));
    }

    [Fact]
    public void A_report_stands_for_three_intervals_then_the_gateway_is_offline()
    {
        var gateway = Registered();
        var health = new GatewayHealth();
        health.Record(Report(GatewayStatus.Degraded), T0);

        Assert.Equal(GatewayStatus.Degraded, health.Status(gateway, T0 + 3 * ReportInterval, ReportInterval));
        Assert.Equal(GatewayStatus.Offline, health.Status(gateway, T0 + 3 * ReportInterval + TimeSpan.FromTicks(1), ReportInterval));
        health.Forget();
        Assert.Equal(GatewayStatus.Connecting, health.Status(gateway, T0, ReportInterval));
    }

    [Fact]
    public void The_grace_counts_from_the_last_report_that_served()
    {
        var gateway = Registered();
        var health = new GatewayHealth();
        health.Activated(T0);
        health.Record(Report(GatewayStatus.Online), T0.AddMinutes(5));
        health.Record(Report(GatewayStatus.Connecting), T0.AddMinutes(5).AddSeconds(30));

        Assert.True(health.IsServing(gateway, T0.AddMinutes(5).AddSeconds(59), ReportInterval, Grace));
        Assert.False(health.IsServing(gateway, T0.AddMinutes(6).AddSeconds(1), ReportInterval, Grace)); // not from the report that said connecting
    }

    [Fact]
    public void The_record_rules_first_a_refused_or_paused_gateway_neither_serves_nor_shows_its_report()
    {
        var gateway = Registered();
        var health = new GatewayHealth();
        health.Record(Report(GatewayStatus.Online), T0);

        gateway.Paused = true;
        Assert.Equal(GatewayStatus.Offline, health.Status(gateway, T0, ReportInterval));
        Assert.False(health.IsServing(gateway, T0, ReportInterval, Grace));
        gateway.Paused = false;
        gateway.Error = "AUTH: bad token";
        Assert.Equal(GatewayStatus.Error, health.Status(gateway, T0, ReportInterval));
        Assert.False(health.IsServing(gateway, T0, ReportInterval, Grace));
        Assert.Equal("AUTH: bad token", health.LastError(gateway));
    }

    [Fact]
    public void The_newest_errors_are_kept_and_the_last_one_is_shown()
    {
        var gateway = Registered();
        var health = new GatewayHealth();
        Assert.Null(health.LastError(gateway));
        for (var i = 0; i < GatewayHealth.ErrorsKept + 5; i++)
        {
            health.Record(Report(GatewayStatus.Connecting, new GatewayError(T0.AddSeconds(i), "E", $"error {i}")), T0.AddSeconds(i));
        }

        Assert.Equal(GatewayHealth.ErrorsKept, health.Errors.Count);
        Assert.Equal("error 5", health.Errors[0].Message);
        Assert.Equal($"E: error {GatewayHealth.ErrorsKept + 4}", health.LastError(gateway));
    }
}
