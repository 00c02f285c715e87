package io.salespipeline.events;

import java.time.Instant;

/** What happens next with the client, and when (rule 1: the client always knows). */
public record NextStep(String action, Instant dueAt) {
}
