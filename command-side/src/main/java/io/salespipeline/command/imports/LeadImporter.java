package io.salespipeline.command.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salespipeline.command.lead.Actor;
import io.salespipeline.command.lead.BusinessRuleViolationException;
import io.salespipeline.command.lead.IllegalTransitionException;
import io.salespipeline.command.lead.InvalidCommandException;
import io.salespipeline.command.lead.JdbcLeadDeadlines;
import io.salespipeline.command.lead.LeadAccessDeniedException;
import io.salespipeline.command.lead.LeadCommandResult;
import io.salespipeline.command.lead.VersionMismatchException;
import io.salespipeline.command.lead.http.ImportedCommands;
import io.salespipeline.command.lead.http.ImportedCommands.InvalidImportedCommandException;
import io.salespipeline.command.imports.ImportStore.Chunk;
import io.salespipeline.command.imports.ImportStore.Rejection;
import io.salespipeline.events.LeadCommand;
import io.salespipeline.platform.web.DatabaseFailures;
import jakarta.validation.ConstraintViolationException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Records a chunk of an import: each lead's commands go through the command bus to the Lead aggregate, as
 * over HTTP (the same handlers, interceptors and rules), sent by the user who imported them. A lead is a unit
 * of work of its own nested in the chunk's: if one of its commands is refused, that unit of work rolls back
 * and none of its events is recorded, while the chunk goes on with the next lead. The chunk's unit of work
 * holds one database transaction: the events of all its leads (one batched insert), the rejected leads, the
 * import's counters and the removal of the chunk commit together, so a crash loses a chunk's work entirely
 * and the restarted import does it again, never half.
 * <p>
 * What imports do without: HTTP, the per-lead queue of {@code CommandQueue}, {@code Idempotency-Key} lookups (an
 * imported lead is new: a lead id that exists is refused with 409 before its commands are sent), and the
 * lookups of pending deadlines for leads created in the same unit of work ({@link JdbcLeadDeadlines#markNew}).
 */
@Component
class LeadImporter {

    private static final Logger log = LoggerFactory.getLogger(LeadImporter.class);

    /** What a chunk did. */
    record Outcome(long lines, long imported, long events, List<Rejection> rejected) {
    }

    /** One line read and its commands checked as bodies: ready to be sent. */
    private record LeadLine(long line, String leadId, List<String> names, List<LeadCommand> commands) {
    }

    /** A lead refused: the line, the command and the status it would have had over HTTP. */
    private static final class Refused extends Exception {
        final Rejection rejection;
        final boolean touchedDatabase;

        Refused(Rejection rejection, boolean touchedDatabase) {
            super(rejection.detail(), null, false, false);
            this.rejection = rejection;
            this.touchedDatabase = touchedDatabase;
        }
    }

    private final CommandGateway commands;
    private final TransactionManager transactions;
    private final ImportStore store;
    private final ImportedCommands imported;
    private final ObjectMapper objectMapper;

    LeadImporter(CommandGateway commands, TransactionManager transactions, ImportStore store, ImportedCommands imported,
                 ObjectMapper objectMapper) {
        this.commands = commands;
        this.transactions = transactions;
        this.store = store;
        this.imported = imported;
        this.objectMapper = objectMapper;
    }

    /**
     * Records the chunk's leads in one transaction; empty when the chunk is done or another worker has it.
     * A chunk whose transaction fails for another reason than a refused lead (a lead registered meanwhile by
     * someone else, met at the log's unique key) is recorded lead by lead, each in a transaction of its own.
     */
    java.util.Optional<Outcome> record(String importId, int chunkNo, Actor actor) {
        Set<Long> excluded = new HashSet<>();
        List<Rejection> known = new ArrayList<>();
        for (int attempt = 0; attempt < 5; attempt++) {
            UnitOfWork<?> root = chunkUnitOfWork(importId, chunkNo);
            try {
                java.util.Optional<Chunk> locked = store.lock(importId, chunkNo);
                if (locked.isEmpty()) {
                    root.rollback();
                    return java.util.Optional.empty();
                }
                Chunk chunk = locked.get();
                List<Rejection> rejected = new ArrayList<>(known);
                List<LeadLine> leads = read(chunk, rejected, excluded, actor);
                long events = 0;
                long recorded = 0;
                boolean rerun = false;
                for (LeadLine lead : leads) {
                    try {
                        events += send(lead, actor);
                        recorded++;
                    } catch (Refused refused) {
                        rejected.add(refused.rejection);
                        if (refused.touchedDatabase) {
                            // the refused lead scheduled a deadline before it failed (a row written at once):
                            // the chunk is done again without it
                            rerun = true;
                            excluded.add(refused.rejection.line());
                            known.add(refused.rejection);
                        }
                    }
                }
                if (rerun) {
                    root.rollback();
                    continue;
                }
                long lines = leadLines(chunk);
                Outcome outcome = new Outcome(lines, recorded, events, rejected);
                store.progress(importId, lines, recorded, events, rejected);
                store.removeChunk(importId, chunkNo);
                root.commit();
                return java.util.Optional.of(outcome);
            } catch (RuntimeException e) {
                if (root.isActive()) {
                    root.rollback(e);
                }
                if (DatabaseFailures.isUnavailable(e)) {
                    throw e;
                }
                log.info("import {}: chunk {} failed as a whole ({}); recording it lead by lead", importId, chunkNo, e.toString());
                return recordOneByOne(importId, chunkNo, actor);
            }
        }
        return recordOneByOne(importId, chunkNo, actor);
    }

    /** A root unit of work, in a transaction, for work on chunk {@code chunkNo} of an import. */
    private UnitOfWork<?> chunkUnitOfWork(String importId, int chunkNo) {
        UnitOfWork<?> root = DefaultUnitOfWork.startAndGet(new GenericMessage<>("import " + importId + " chunk " + chunkNo));
        root.attachTransaction(transactions);
        return root;
    }

    /** Each lead of the chunk in a transaction of its own, which also moves the chunk's mark past its line. */
    private java.util.Optional<Outcome> recordOneByOne(String importId, int chunkNo, Actor actor) {
        long lines = 0;
        long recordedTotal = 0;
        long eventsTotal = 0;
        List<Rejection> rejectedTotal = new ArrayList<>();
        while (true) {
            UnitOfWork<?> root = chunkUnitOfWork(importId, chunkNo);
            try {
                java.util.Optional<Chunk> locked = store.lock(importId, chunkNo);
                if (locked.isEmpty()) {
                    root.rollback();
                    return java.util.Optional.of(new Outcome(lines, recordedTotal, eventsTotal, rejectedTotal));
                }
                Chunk chunk = locked.get();
                List<Rejection> rejected = new ArrayList<>();
                long next = nextLine(chunk);
                if (next < 0) {
                    store.removeChunk(importId, chunkNo);
                    root.commit();
                    return java.util.Optional.of(new Outcome(lines, recordedTotal, eventsTotal, rejectedTotal));
                }
                Chunk one = new Chunk(chunk.importId(), chunk.chunk(), chunk.firstLine(), next, next - 1, chunk.data());
                List<LeadLine> leads = read(one, rejected, Set.of(), actor);
                long recorded = 0;
                long events = 0;
                for (LeadLine lead : leads) {
                    try {
                        events += send(lead, actor);
                        recorded++;
                    } catch (Refused refused) {
                        rejected.add(refused.rejection);
                    }
                }
                store.progress(importId, 1, recorded, events, rejected);
                store.chunkDoneUpto(importId, chunkNo, next);
                try {
                    root.commit();
                } catch (RuntimeException e) {
                    if (DatabaseFailures.isUnavailable(e) || leads.isEmpty()) {
                        throw e;
                    }
                    // the lead was registered meanwhile (the log's unique key): refused as over HTTP
                    rejectAlone(importId, chunkNo, next, leads.get(0), e);
                    lines++;
                    rejectedTotal.add(new Rejection(next, leads.get(0).leadId(), "RegisterLead", 409, "a lead with this id already exists"));
                    continue;
                }
                lines++;
                recordedTotal += recorded;
                eventsTotal += events;
                rejectedTotal.addAll(rejected);
            } catch (RuntimeException e) {
                if (root.isActive()) {
                    root.rollback(e);
                }
                throw e;
            }
        }
    }

    private void rejectAlone(String importId, int chunkNo, long line, LeadLine lead, RuntimeException cause) {
        log.info("import {}: lead {} on line {} could not be recorded: {}", importId, lead.leadId(), line, cause.toString());
        UnitOfWork<?> root = DefaultUnitOfWork.startAndGet(new GenericMessage<>("import " + importId + " line " + line));
        root.attachTransaction(transactions);
        try {
            store.progress(importId, 1, 0, 0, List.of(new Rejection(line, lead.leadId(), "RegisterLead", 409,
                    "a lead with this id already exists")));
            store.chunkDoneUpto(importId, chunkNo, line);
            root.commit();
        } catch (RuntimeException e) {
            if (root.isActive()) {
                root.rollback(e);
            }
            throw e;
        }
    }

    /** The lines holding a lead after {@code doneUpto}. */
    private static long leadLines(Chunk chunk) {
        String[] lines = lines(chunk);
        long count = 0;
        for (int i = 0; i < lines.length; i++) {
            long line = chunk.firstLine() + i;
            if (line > chunk.doneUpto() && line <= chunk.lastLine() && !lines[i].isBlank()) {
                count++;
            }
        }
        return count;
    }

    /** The first physical line after {@code doneUpto} that holds something; -1 when none is left. */
    private static long nextLine(Chunk chunk) {
        String[] lines = lines(chunk);
        for (int i = 0; i < lines.length; i++) {
            long line = chunk.firstLine() + i;
            if (line > chunk.doneUpto() && !lines[i].isBlank()) {
                return line;
            }
        }
        return -1;
    }

    private static String[] lines(Chunk chunk) {
        return new String(chunk.data(), StandardCharsets.UTF_8).split("\n", -1);
    }

    /**
     * The chunk's lines after {@code doneUpto} as leads ready to be sent; what cannot be (not JSON, no lead id,
     * an unknown command, a field a body refuses, a missing {@code occurredAt}, a lead that exists, a lead
     * twice in the chunk) goes to {@code rejected}.
     */
    private List<LeadLine> read(Chunk chunk, List<Rejection> rejected, Set<Long> excluded, Actor actor) {
        String[] lines = lines(chunk);
        List<LeadLine> leads = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            long line = chunk.firstLine() + i;
            if (line <= chunk.doneUpto() || line > chunk.lastLine() || lines[i].isBlank() || excluded.contains(line)) {
                continue;
            }
            try {
                leads.add(parse(line, lines[i], actor));
            } catch (Refused refused) {
                rejected.add(refused.rejection);
            }
        }
        Set<String> existing = store.existing(leads.stream().map(LeadLine::leadId).toList());
        Set<String> seen = new HashSet<>();
        List<LeadLine> fresh = new ArrayList<>();
        for (LeadLine lead : leads) {
            if (existing.contains(lead.leadId()) || !seen.add(lead.leadId())) {
                rejected.add(new Rejection(lead.line(), lead.leadId(), "RegisterLead", 409, "a lead with this id already exists"));
            } else {
                fresh.add(lead);
            }
        }
        rejected.sort(java.util.Comparator.comparingLong(Rejection::line));
        JdbcLeadDeadlines.markNew(fresh.stream().map(LeadLine::leadId).toList());
        return fresh;
    }

    private LeadLine parse(long line, String text, Actor actor) throws Refused {
        JsonNode node;
        try {
            node = objectMapper.readTree(text.startsWith("\uFEFF") ? text.substring(1) : text);
        } catch (JsonProcessingException e) {
            throw refused(line, null, null, 400, "the line is not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw refused(line, null, null, 400, "a line is one lead: {\"leadId\": ..., \"commands\": [...]}");
        }
        JsonNode idNode = node.get("leadId");
        String leadId = idNode != null && idNode.isTextual() ? idNode.asText() : null;
        UUID id;
        try {
            id = UUID.fromString(leadId == null ? "" : leadId.trim());
            leadId = id.toString();
        } catch (IllegalArgumentException e) {
            throw refused(line, leadId, null, 400, "leadId must be a UUID");
        }
        JsonNode list = node.get("commands");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw refused(line, leadId, null, 400, "commands must be a non-empty list, beginning with RegisterLead");
        }
        List<String> names = new ArrayList<>();
        List<LeadCommand> commandList = new ArrayList<>();
        for (JsonNode command : list) {
            JsonNode nameNode = command.isObject() ? command.get("command") : null;
            String name = nameNode != null && nameNode.isTextual() ? nameNode.asText() : null;
            if (name == null) {
                throw refused(line, leadId, null, 400, "every command is an object naming its \"command\"");
            }
            if (!ImportedCommands.isKnown(name)) {
                throw refused(line, leadId, name.length() > 100 ? name.substring(0, 100) : name, 400,
                        "unknown command '" + (name.length() > 100 ? name.substring(0, 100) + "…" : name) + "'");
            }
            if (names.isEmpty() != name.equals("RegisterLead")) {
                throw refused(line, leadId, name, 400, names.isEmpty() ? "a lead's history begins with RegisterLead"
                        : "RegisterLead comes once, first");
            }
            try {
                commandList.add(imported.toCommand(id, name, command, actor.user()));
            } catch (InvalidImportedCommandException e) {
                throw refused(line, leadId, name, 400, e.getMessage());
            }
            names.add(name);
        }
        return new LeadLine(line, leadId, names, commandList);
    }

    /** Sends the lead's commands in a unit of work of its own; answers the events it recorded. */
    private long send(LeadLine lead, Actor actor) throws Refused {
        MetaData metaData = actor.toMetaData();
        UnitOfWork<?> unit = DefaultUnitOfWork.startAndGet(new GenericMessage<>("lead " + lead.leadId()));
        int index = 0;
        try {
            Object last = null;
            for (; index < lead.commands().size(); index++) {
                last = commands.sendAndWait(GenericCommandMessage.asCommandMessage(lead.commands().get(index)).withMetaData(metaData));
            }
            unit.commit();
            return LeadCommandResult.from(last).version();
        } catch (RuntimeException e) {
            if (unit.isActive()) {
                unit.rollback(e);
            }
            String name = index < lead.names().size() ? lead.names().get(index) : null;
            int status = status(e);
            if (status == 0) {
                throw e;
            }
            throw new Refused(new Rejection(lead.line(), lead.leadId(), name, status, message(e)),
                    JdbcLeadDeadlines.scheduledInThisUnitOfWork(lead.leadId()));
        }
    }

    /** The status a command's refusal has over HTTP; 0 for what is not the lead's refusal (a failure). */
    private static int status(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof InvalidCommandException || c instanceof ConstraintViolationException
                    || c instanceof InvalidImportedCommandException || c instanceof io.salespipeline.platform.web.BadRequestException) {
                return 400;
            }
            if (c instanceof BusinessRuleViolationException) {
                return 422;
            }
            if (c instanceof IllegalTransitionException || c instanceof AggregateStreamCreationException
                    || c instanceof ConcurrencyException) {
                return 409;
            }
            if (c instanceof LeadAccessDeniedException) {
                return 403;
            }
            if (c instanceof AggregateNotFoundException) {
                return 404;
            }
            if (c instanceof VersionMismatchException) {
                return 412;
            }
        }
        return 0;
    }

    private static String message(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (isRefusal(c) && c.getMessage() != null) {
                return c.getMessage();
            }
        }
        return String.valueOf(e.getMessage());
    }

    private static boolean isRefusal(Throwable c) {
        return c instanceof InvalidCommandException || c instanceof ConstraintViolationException
                || c instanceof InvalidImportedCommandException || c instanceof io.salespipeline.platform.web.BadRequestException
                || c instanceof BusinessRuleViolationException || c instanceof IllegalTransitionException
                || c instanceof AggregateStreamCreationException || c instanceof ConcurrencyException
                || c instanceof LeadAccessDeniedException || c instanceof AggregateNotFoundException
                || c instanceof VersionMismatchException;
    }

    private static Refused refused(long line, String leadId, String command, int status, String detail) {
        return new Refused(new Rejection(line, leadId, command, status, detail), false);
    }
}
