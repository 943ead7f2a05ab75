using Claw.Bench;

// Load generator for a running Claw.Orleans. Usage:
//   dotnet run -c Release --project bench/Claw.Bench -- throughput [url] [tasks] [workers]
//   dotnet run -c Release --project bench/Claw.Bench -- latency    [url] [tasks]
//   dotnet run -c Release --project bench/Claw.Bench -- sessions   [url] [sessions] [silo pid]
var scenario = args.FirstOrDefault() ?? "throughput";
var rest = args.Skip(1).ToArray();
await (scenario switch
{
    "throughput" => Throughput.RunAsync(rest),
    "latency" => WsLatency.RunAsync(rest),
    "sessions" => IdleSessions.RunAsync(rest),
    _ => throw new ArgumentException($"unknown scenario '{scenario}': throughput, latency or sessions"),
});
