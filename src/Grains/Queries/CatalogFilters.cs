using Claw.Abstractions.Queries;
using Claw.Grains.Storage;

namespace Claw.Grains.Queries;

/// <summary>The WHERE clauses of the node and task lists, shared by a page and its COUNT so both see the same rows.</summary>
internal static class CatalogFilters
{
    public static SqlQuery Nodes(SqlQuery sql, NodeQuery query, SqlDialect dialect)
    {
        if (query.Status is { } status)
        {
            sql.And("status = {0}", status.Wire());
        }

        if (query.Capability is { } capability)
        {
            sql.And(dialect.JsonArrayContains("capabilities", "{0}"), capability);
        }

        if (query.SwarmId is { } swarmId)
        {
            sql.And("swarm_id = {0}", swarmId);
        }

        return sql;
    }

    public static SqlQuery Tasks(SqlQuery sql, TaskQuery query)
    {
        if (query.Status is { } status)
        {
            sql.And("status = {0}", status.Wire());
        }

        if (query.Queue is { } queue)
        {
            sql.And("queue = {0}", queue);
        }

        if (query.NodeId is { } nodeId)
        {
            sql.And("node_id = {0}", nodeId);
        }

        if (query.WorkflowId is { } workflowId)
        {
            sql.And("workflow_id = {0}", workflowId);
        }

        if (query.SwarmId is { } swarmId)
        {
            sql.And("swarm_id = {0}", swarmId);
        }

        if (query.Priority is { } priority)
        {
            sql.And("priority = {0}", (int)priority);
        }

        return sql;
    }
}
