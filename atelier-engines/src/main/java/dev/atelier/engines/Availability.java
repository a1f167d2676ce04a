package dev.atelier.engines;

/** Whether an engine can run, and if not, what is missing and how to get it. */
public sealed interface Availability {
    record Available() implements Availability {}

    /**
     * @param missing what is not there, e.g. "model isnet-fp16 is not installed"
     * @param remedy how to install it, e.g. "run: ./atelier models pull isnet-fp16"
     */
    record Missing(String missing, String remedy) implements Availability {}

    Availability AVAILABLE = new Available();

    static Availability missing(String missing, String remedy) {
        return new Missing(missing, remedy);
    }

    default boolean isAvailable() {
        return this instanceof Available;
    }

    /** One sentence for an error message. */
    default String describe() {
        return switch (this) {
            case Available a -> "available";
            case Missing m -> m.missing() + "; " + m.remedy();
        };
    }
}
