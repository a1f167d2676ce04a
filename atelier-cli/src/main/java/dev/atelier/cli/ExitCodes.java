package dev.atelier.cli;

/**
 * The exit codes scripts can rely on, the same for every command:
 *
 * <ul>
 *   <li>{@value #OK}: everything succeeded;</li>
 *   <li>{@value #FAILED}: a task (or some tasks of a batch) failed, or the command failed at run time;</li>
 *   <li>{@value #USAGE}: the command line is wrong (unknown option, effect or parameter, missing input file);</li>
 *   <li>{@value #UNREACHABLE}: the server could not be reached or refused the credentials.</li>
 * </ul>
 */
final class ExitCodes {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int UNREACHABLE = 3;

    private ExitCodes() {}

    /** The more serious of two outcomes: unreachable over usage over failed over ok. */
    static int worst(int a, int b) {
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(int code) {
        return switch (code) {
            case OK -> 0;
            case FAILED -> 1;
            case USAGE -> 2;
            case UNREACHABLE -> 3;
            default -> 1;
        };
    }
}
