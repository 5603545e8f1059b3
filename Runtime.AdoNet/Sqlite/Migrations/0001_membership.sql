-- Membership (Orleans' OrleansMembershipVersionTable + OrleansMembershipTable), several clusters per database.
CREATE TABLE membership_version (
    cluster_id TEXT    NOT NULL PRIMARY KEY,
    version    INTEGER NOT NULL,
    etag       TEXT    NOT NULL
);

CREATE TABLE membership (
    cluster_id      TEXT    NOT NULL REFERENCES membership_version (cluster_id),
    host            TEXT    NOT NULL,
    port            INTEGER NOT NULL,
    generation      INTEGER NOT NULL,
    status          INTEGER NOT NULL,
    gateway_port    INTEGER NOT NULL,
    host_name       TEXT    NOT NULL,
    start_time      TEXT    NOT NULL,
    i_am_alive_time TEXT    NOT NULL,
    suspicions      TEXT    NOT NULL,
    etag            TEXT    NOT NULL,
    PRIMARY KEY (cluster_id, host, port, generation)
);
