package io.salespipeline.command.lead;

import io.salespipeline.events.Stage;

import java.util.List;

/** A command the lead's current stage does not accept (HTTP 409). */
public class IllegalTransitionException extends RuntimeException {

    private final Stage stage;
    private final String command;
    private final List<String> allowedCommands;

    public IllegalTransitionException(Stage stage, String command, List<String> allowedCommands) {
        this(stage, command, allowedCommands,
                command + " is not allowed for a lead in stage " + stage + "; allowed: " + allowedCommands);
    }

    public IllegalTransitionException(Stage stage, String command, List<String> allowedCommands, String message) {
        super(message);
        this.stage = stage;
        this.command = command;
        this.allowedCommands = List.copyOf(allowedCommands);
    }

    public Stage stage() {
        return stage;
    }

    public String command() {
        return command;
    }

    public List<String> allowedCommands() {
        return allowedCommands;
    }
}
