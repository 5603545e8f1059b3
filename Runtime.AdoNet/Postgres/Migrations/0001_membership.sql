-- Membership (Orleans' OrleansMembershipVersionTable + OrleansMembershipTable), several clusters per database.
CREATE TABLE membership_version (
    cluster_id text    NOT NULL PRIMARY KEY,
    version    integer NOT NULL,
    etag       text    NOT NULL
);

CREATE TABLE membership (
    cluster_id      text        NOT NULL REFERENCES membership_version (cluster_id),
    host            text        NOT NULL,
    port            integer     NOT NULL,
    generation      bigint      NOT NULL,
    status          integer     NOT NULL,
    gateway_port    integer     NOT NULL,
    host_name       text        NOT NULL,
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    suspicions      text        NOT NULL,
    etag            text        NOT NULL,
    PRIMARY KEY (cluster_id, host, port, generation)
);
