using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text.Json;
using Claw.Abstractions.Auth;
using Claw.Abstractions.Leases;
using Claw.Abstractions.Sessions;
using Claw.Abstractions.Tasks;
using Claw.Gateway.Sockets;
using Claw.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Claw.Tests.Sockets;

/// <summary>
/// <c>connected</c> is a session's first frame, even when the node grain pushes before it is sent: the grain may push
/// the moment the session is attached, and the session sends <c>connected</c> only after that attach has returned.
/// The push is made to arrive first here, which the scheduling of a loaded silo does now and then by itself.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class SessionGreetingTests(GatewayFixture fixture)
{
    private readonly ClawApi _api = new(fixture.Client);

    [Fact]
    public async Task An_assignment_pushed_before_the_connected_frame_is_sent_after_it()
    {
        var nodeId = await _api.RegisterNodeAsync();
        var (server, client) = await SocketPairAsync();
        using (server)
        using (client)
        {
            var info = new SessionInfo(nodeId, "greeting-" + Guid.NewGuid().ToString("N"), DateTimeOffset.UtcNow, "test", ["greeting-q"], TimeSpan.FromMinutes(1));
            var services = fixture.Host.Services;
            var session = new NodeSession(server, info, "greeting", Principal.Anonymous, services.GetRequiredService<IGrainFactory>(), services.GetRequiredService<SessionServices>());
            var assignment = new Assignment("greeting-task", "greeting-task.1", "1.token", DateTimeOffset.UtcNow.AddMinutes(1), 1, "greeting-q", null, TaskPriority.Normal, null, "greeting");

            var early = session.AssignAsync(assignment, 1); // the node grain's push, before the session has greeted
            using var stop = new CancellationTokenSource();
            var run = session.RunAsync(stop.Token);

            var frames = new List<string>();
            for (var i = 0; i < 2; i++)
            {
                frames.Add((await ReceiveAsync(client)).Str("type"));
            }

            Assert.Equal(["connected", "task_assigned"], frames);
            Assert.True(await early);
            await stop.CancelAsync();
            await run.WaitAsync(TimeSpan.FromSeconds(15)).ContinueWith(_ => { }); // the session ends with the cancelled connection
        }
    }

    private static async Task<JsonElement> ReceiveAsync(WebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, timeout.Token);
            message.Write(buffer, 0, received.Count);
            if (received.EndOfMessage)
            {
                return JsonDocument.Parse(message.ToArray()).RootElement.Clone();
            }
        }
    }

    /// <summary>Two ends of one loopback TCP connection, each framed as a WebSocket (no HTTP upgrade needed for that).</summary>
    private static async Task<(WebSocket Server, WebSocket Client)> SocketPairAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var connecting = new TcpClient();
        var accepted = listener.AcceptTcpClientAsync();
        await connecting.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        var server = await accepted;
        return (
            WebSocket.CreateFromStream(server.GetStream(), new WebSocketCreationOptions { IsServer = true }),
            WebSocket.CreateFromStream(connecting.GetStream(), new WebSocketCreationOptions { IsServer = false }));
    }
}
