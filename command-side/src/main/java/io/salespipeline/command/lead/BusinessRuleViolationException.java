package io.salespipeline.command.lead;

/** A well-formed command that breaks a business rule (HTTP 422). {@code rule} is a stable code. */
public class BusinessRuleViolationException extends RuntimeException {

    private final String rule;

    public BusinessRuleViolationException(String rule, String message) {
        super(message);
        this.rule = rule;
    }

    public String rule() {
        return rule;
    }
}
