package dev.atelier.server.accounts;

/** A key with this name already exists. */
public final class DuplicateKeyNameException extends RuntimeException {
    public DuplicateKeyNameException(String name) {
        super("a key named '" + name + "' already exists");
    }
}
