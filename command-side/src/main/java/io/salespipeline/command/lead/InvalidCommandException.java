package io.salespipeline.command.lead;

/** A command missing a required value or carrying a malformed one (HTTP 400). */
public class InvalidCommandException extends RuntimeException {

    private final String field;

    public InvalidCommandException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
