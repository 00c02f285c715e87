package io.salespipeline.command.lead;

/** The lead is not at the version the client said it expected ({@code If-Match}, HTTP 412). */
public class VersionMismatchException extends RuntimeException {

    private final long expected;
    private final long actual;

    public VersionMismatchException(long expected, long actual) {
        super("the lead is at version " + actual + ", not " + expected);
        this.expected = expected;
        this.actual = actual;
    }

    public long expected() {
        return expected;
    }

    public long actual() {
        return actual;
    }
}
