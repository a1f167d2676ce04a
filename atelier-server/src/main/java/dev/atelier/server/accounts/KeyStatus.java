package dev.atelier.server.accounts;

/** Whether a credential may be used. */
public enum KeyStatus {
    ACTIVE,
    INACTIVE
}
