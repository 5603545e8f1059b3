-- Grain state as opaque bytes per (grain type, grain key, state name).
CREATE TABLE grain_state (
    grain_type  TEXT NOT NULL,
    grain_key   TEXT NOT NULL,
    state_name  TEXT NOT NULL,
    data        BLOB NOT NULL,
    etag        TEXT NOT NULL,
    modified_at TEXT NOT NULL,
    PRIMARY KEY (grain_type, grain_key, state_name)
);
