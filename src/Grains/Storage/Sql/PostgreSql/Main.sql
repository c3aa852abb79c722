-- Orleans' ADO.NET providers read all of their SQL from this table when they start
-- (SELECT QueryKey, QueryText FROM OrleansQuery). Each script below creates its tables if missing and upserts its
-- queries, so running the scripts again, or on a database from an older version, is harmless. The installer runs
-- them in one transaction under an advisory lock, so silos that start together do not race.
-- Unquoted names fold to lower case; the providers find result columns case-insensitively.
CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL CONSTRAINT OrleansQuery_Key PRIMARY KEY,
    QueryText text        NOT NULL
);
