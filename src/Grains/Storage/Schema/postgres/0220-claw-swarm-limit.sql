-- A swarm's max_concurrent_tasks as a column (fixed when the swarm is created): the write that leases one of its tasks
-- counts the swarm's leased tasks against it in the same statement (Dispatch/LaneGuard). Swarms made before it read
-- theirs from the document.
ALTER TABLE claw_swarms ADD COLUMN IF NOT EXISTS max_concurrent BIGINT NULL;
UPDATE claw_swarms SET max_concurrent = (doc -> 'spec' ->> 'max_concurrent_tasks')::bigint
    WHERE max_concurrent IS NULL AND doc -> 'spec' ? 'max_concurrent_tasks';
