-- The table Orleans' ADO.NET providers read their SQL from: one row per query key.
-- Rows are (re)written by the later files with INSERT ... ON CONFLICT, so editing a query and re-applying works.
CREATE TABLE IF NOT EXISTS OrleansQuery (
    QueryKey  VARCHAR(64) NOT NULL PRIMARY KEY,
    QueryText TEXT        NOT NULL
);
