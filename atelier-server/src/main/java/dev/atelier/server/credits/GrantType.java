package dev.atelier.server.credits;

import java.util.Locale;

/** Kinds of unit grants, with the wire names of {@code client/credit} and the history action they create. */
public enum GrantType {
    SUBSCRIPTION("ApiSubsToken", "subscription_credits"),
    PAYG("ApiPaygToken", "permanent_credits");

    private final String wire;
    private final String action;

    GrantType(String wire, String action) {
        this.wire = wire;
        this.action = action;
    }

    public String wire() {
        return wire;
    }

    /** The history action a grant of this type writes ({@code permanent_credits}…). */
    public String action() {
        return action;
    }

    /** {@code subscription}, {@code payg}, or a wire name. */
    public static GrantType parse(String s) {
        for (GrantType t : values()) {
            if (t.wire.equalsIgnoreCase(s) || t.name().equalsIgnoreCase(s)) {
                return t;
            }
        }
        throw new IllegalArgumentException("grant type must be subscription or payg, got '" + s + "'");
    }

    public static GrantType fromWire(String s) {
        return parse(s.toLowerCase(Locale.ROOT));
    }
}
