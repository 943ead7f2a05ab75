namespace Claw.Bench.Cli;

/// <summary>What <c>--help</c> prints, and what follows a mistyped command line.</summary>
internal static class Usage
{
    public const string Text = """
        Load generator for a running Claw.Orleans, and the report that sets its figures against the peers' baselines.
          Claw.Bench run    --url http://127.0.0.1:8000[,http://…] [--scenarios throughput,latency,submit,batch,backlog,sessions]
                            [--tasks 20000] [--warmup-tasks 2000] [--workers 16] [--clients 16] [--latency-tasks 1000] [--latency-gap-ms 20]
                            [--batch-size 1000] [--batch-clients 1]
                            [--backlog 100000] [--sessions 10000] [--storage postgres] [--silo-pids 1,2] [--postgres "Host=…"]
                            [--cpu-log /path/cpumon.log] [--phase-timeout-seconds 600] [--flow-control 0] [--bearer-file F]
                            [--out bench/results/x.json]
          Claw.Bench <scenario> …       the same as run --scenarios <scenario> …
          Claw.Bench report --claw a.json[,b.json] [--peers raw.jsonl] [--conditions conditions.json] --out report.json
        Both write the JSON and a markdown file beside it (same name, .md). Options: bench/README.md.
        """;

    /// <summary>True when the command line asks for help.</summary>
    public static bool Asked(IReadOnlyList<string> args) => args.Any(a => a is "--help" or "-h" or "help");
}
