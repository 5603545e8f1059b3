-- Grain state as opaque bytes per (grain type, grain key, state name).
CREATE TABLE grain_state (
    grain_type  text        NOT NULL,
    grain_key   text        NOT NULL,
    state_name  text        NOT NULL,
    data        bytea       NOT NULL,
    etag        text        NOT NULL,
    modified_at timestamptz NOT NULL,
    PRIMARY KEY (grain_type, grain_key, state_name)
);
