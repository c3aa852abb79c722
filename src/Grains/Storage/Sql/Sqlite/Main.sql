-- Orleans' ADO.NET providers read all of their SQL from this table when they start
-- (SELECT QueryKey, QueryText FROM OrleansQuery). Each script below creates its tables if missing and upserts its
-- queries, so running the scripts again, or on a database from an older version, is harmless.
CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);
