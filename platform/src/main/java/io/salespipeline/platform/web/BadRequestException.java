package io.salespipeline.platform.web;

/** A request value that passed its syntax checks but is not acceptable (HTTP 400 with a field error). */
public class BadRequestException extends RuntimeException {

    private final String field;

    public BadRequestException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
