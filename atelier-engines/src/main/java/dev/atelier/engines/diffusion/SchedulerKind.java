package dev.atelier.engines.diffusion;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The schedulers Atelier runs, by the wire name requests and metadata use. */
public enum SchedulerKind {
    EULER("euler"),
    EULER_ANCESTRAL("euler-ancestral"),
    DDIM("ddim"),
    DPMPP_2M("dpmpp-2m"),
    DPMPP_2M_KARRAS("dpmpp-2m-karras"),
    LCM("lcm");

    private final String wire;

    SchedulerKind(String wire) {
        this.wire = wire;
    }

    public String wireName() {
        return wire;
    }

    public static Optional<SchedulerKind> fromWire(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        return Arrays.stream(values()).filter(k -> k.wire.equals(n)).findFirst();
    }

    /** A fresh scheduler of this kind over {@code config}. */
    public Scheduler create(SchedulerConfig config) {
        return switch (this) {
            case EULER -> new EulerScheduler(config, false);
            case EULER_ANCESTRAL -> new EulerScheduler(config, true);
            case DDIM -> new DdimScheduler(config);
            case DPMPP_2M -> new DpmSolverScheduler(config);
            case DPMPP_2M_KARRAS -> new DpmSolverScheduler(config.withKarras(true));
            case LCM -> new LcmScheduler(config);
        };
    }
}
