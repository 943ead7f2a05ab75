using System.Collections.Immutable;
using Claw.Abstractions.Errors;
using Claw.Abstractions.Leases;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.Tasks;

namespace Claw.Tests.Faults;

/// <summary>
/// A worker node driven through the grains, as an agent would drive the HTTP API: poll, then act on each assignment.
/// Crashing means going silent (no polls, no results) until the node is declared dead, then joining as a new node.
/// </summary>
public sealed class GrainWorker(IGrainFactory grains, string queue, string name, Func<WorkerMove> choose, TimeSpan stall, WorkLedger ledger)
{
    public async Task RunAsync(Func<bool> done, CancellationToken cancellation)
    {
        var generation = 0;
        var nodeId = await RegisterAsync(generation);
        while (!done() && !cancellation.IsCancellationRequested)
        {
            ImmutableArray<Assignment> assignments;
            try
            {
                assignments = await grains.GetGrain<INodeGrain>(nodeId).PollAsync(new PollRequest([queue], 4, TimeSpan.FromMilliseconds(500)));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await Task.Delay(100, CancellationToken.None); // a silo went away; the cluster heals, the worker retries
                continue;
            }

            var moves = assignments.Select(a => (Assignment: a, Move: choose())).ToList();
            if (moves.Any(m => m.Move == WorkerMove.Crash))
            {
                Interlocked.Increment(ref ledger.Injected);
                await Task.Delay(stall * 3, CancellationToken.None); // silent: leases expire or the node is declared crashed
                nodeId = await RegisterAsync(++generation);
                continue;
            }

            await Task.WhenAll(moves.Select(m => ActAsync(m.Assignment, m.Move, nodeId)));
        }
    }

    private async Task<string> RegisterAsync(int generation)
    {
        var nodeId = $"{name}-g{generation}";
        await grains.GetGrain<INodeGrain>(nodeId).RegisterAsync(new NodeRegistration(
            nodeId, [], NodeResources.None, [], ImmutableDictionary<string, string>.Empty, null, 4, null, null));
        return nodeId;
    }

    private async Task ActAsync(Assignment assignment, WorkerMove move, string nodeId)
    {
        var task = grains.GetGrain<ITaskGrain>(assignment.TaskId);
        var proof = new LeaseProof(assignment.LeaseId, assignment.LeaseToken, nodeId);
        var result = $$"""{"by":"{{nodeId}}","lease":"{{assignment.LeaseId}}"}""";
        try
        {
            switch (move)
            {
                case WorkerMove.Stall:
                    Interlocked.Increment(ref ledger.Injected);
                    await Task.Delay(stall);
                    await CompleteAsync(task, proof, result, assignment);
                    break;
                case WorkerMove.FailRetriable:
                    Interlocked.Increment(ref ledger.Injected);
                    await task.FailAsync(proof, "injected failure", retriable: true);
                    break;
                case WorkerMove.Release:
                    await task.ReleaseAsync(proof);
                    break;
                case WorkerMove.CompleteTwice:
                    Interlocked.Increment(ref ledger.Injected);
                    await CompleteAsync(task, proof, result, assignment);
                    await task.CompleteAsync(proof, result); // the same result again: a no-op
                    try
                    {
                        await task.CompleteAsync(proof, """{"other":true}""");
                        Interlocked.Increment(ref ledger.OtherResultAccepted); // must never happen
                    }
                    catch (ClawException refused)
                    {
                        ledger.Refused(refused.Code);
                    }

                    break;
                default:
                    await CompleteAsync(task, proof, result, assignment);
                    break;
            }
        }
        catch (ClawException refused)
        {
            ledger.Refused(refused.Code);
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException)
        {
            ledger.Refused("unavailable");
        }
    }

    private async Task CompleteAsync(ITaskGrain task, LeaseProof proof, string result, Assignment assignment)
    {
        await task.CompleteAsync(proof, result);
        ledger.Accepted.GetOrAdd(assignment.TaskId, _ => []).Add(assignment.LeaseId);
    }
}
