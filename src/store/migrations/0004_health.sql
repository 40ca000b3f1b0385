-- The health check's write probe: GET /health commits one change to this table's one row,
-- through the same path as every change, and so fails when the store cannot write (a full
-- disk, a read-only or damaged file, a lost database server). Portable SQL, as 0001.
CREATE TABLE health_probe (
    id BIGINT NOT NULL PRIMARY KEY,
    probes BIGINT NOT NULL
);
