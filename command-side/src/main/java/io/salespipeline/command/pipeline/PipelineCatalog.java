package io.salespipeline.command.pipeline;

import io.salespipeline.command.lead.InvalidCommandException;
import io.salespipeline.command.lead.LeadRules;
import io.salespipeline.events.*;
import io.salespipeline.events.commands.DefinePipeline;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * Every pipeline definition, in one stream ({@value #ID}): one aggregate, so that "a source belongs to
 * one pipeline at most" is decided in one place. A definition that changes nothing records nothing.
 */
@Aggregate(commandTargetResolver = "pipelineCatalogTargetResolver")
public class PipelineCatalog {

    public static final String ID = "pipelines";
    private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9-]{0,49}");

    @AggregateIdentifier
    private String id;
    private final Map<String, PipelineDefinition> latest = new LinkedHashMap<>();

    protected PipelineCatalog() {
        // for Axon
    }

    /** The definition after the command, and whether it recorded a new version. */
    public record Defined(PipelineDefinition definition, boolean changed) {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public Defined handle(DefinePipeline cmd, LeadRules deployment, Clock clock) {
        PipelineDefinition definition = validated(cmd, deployment);
        for (LeadSource source : definition.sources()) {
            latest.values().stream()
                    .filter(other -> !other.key().equals(definition.key()) && other.sources().contains(source))
                    .findFirst().ifPresent(other -> {
                        throw new PipelineConflictException(source, other.key());
                    });
        }
        PipelineDefinition current = latest.get(definition.key());
        if (definition.sameAs(current)) {
            return new Defined(current, false);
        }
        int version = current == null ? 1 : current.version() + 1;
        apply(new PipelineDefined(definition.key(), version, definition.name(), definition.sources(), definition.stages(),
                definition.rules(), clock.instant()));
        return new Defined(latest.get(definition.key()), true);
    }

    @EventSourcingHandler
    void on(PipelineDefined e) {
        id = ID;
        latest.put(e.key(), e.definition());
    }

    /** The definition the command describes, stages in process order, rules complete; 400 for what is wrong. */
    static PipelineDefinition validated(DefinePipeline cmd, LeadRules deployment) {
        require(cmd.key() != null && KEY.matcher(cmd.key()).matches(), "key",
                "a pipeline key is 1 to 50 lower-case letters, digits and '-', starting with a letter or digit");
        require(cmd.name() != null && !cmd.name().isBlank() && cmd.name().length() <= 100, "name", "name is required (at most 100 characters)");
        List<LeadSource> sources = cmd.sources() == null ? List.of() : cmd.sources();
        require(sources.stream().noneMatch(java.util.Objects::isNull), "sources", "sources must not contain null");
        require(sources.size() == EnumSet.copyOf(sources.isEmpty() ? EnumSet.noneOf(LeadSource.class) : sources).size(),
                "sources", "a source is listed twice");
        require(!(PipelineDefinition.DEFAULT.equals(cmd.key()) && !sources.isEmpty()), "sources",
                "the default pipeline serves every source no other pipeline claims; it lists none");
        require(cmd.stages() != null && !cmd.stages().isEmpty(), "stages", "stages are required");
        Map<Stage, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < cmd.stages().size(); i++) {
            PipelineStage s = cmd.stages().get(i);
            require(s != null && s.stage() != null, "stages[" + i + "].stage", "stage is required; one of "
                    + java.util.Arrays.toString(Stage.values()));
            require(!labels.containsKey(s.stage()), "stages[" + i + "].stage", s.stage() + " is listed twice");
            String label = s.label() == null || s.label().isBlank() ? PipelineDefinition.trainersLabel(s.stage()) : s.label().trim();
            require(label.length() <= 100, "stages[" + i + "].label", "a label has at most 100 characters");
            labels.put(s.stage(), label);
        }
        Set<Stage> missing = EnumSet.allOf(Stage.class);
        missing.removeAll(PipelineDefinition.OPTIONAL_STAGES);
        missing.removeAll(labels.keySet());
        require(missing.isEmpty(), "stages", "mandatory stages left out: " + missing + " (only "
                + PipelineDefinition.OPTIONAL_STAGES + " may be left out)");
        require(!PipelineDefinition.DEFAULT.equals(cmd.key()) || labels.size() == Stage.values().length, "stages",
                "the default pipeline uses every stage");
        List<PipelineStage> stages = new ArrayList<>();
        for (Stage stage : Stage.values()) {
            if (labels.containsKey(stage)) {
                stages.add(new PipelineStage(stage, labels.get(stage)));
            }
        }
        PipelineRules rules = (cmd.rules() == null ? new PipelineRules(null, null, null, null) : cmd.rules())
                .orElse(deployment.pipelineRules());
        positive(rules.offerPromise(), "rules.offerPromise");
        positive(rules.followUpWindow(), "rules.followUpWindow");
        positive(rules.afterSalesPlanWithin(), "rules.afterSalesPlanWithin");
        require(rules.undecidedContactsToLetThemBuy() >= 1 && rules.undecidedContactsToLetThemBuy() <= Limits.LIST_ITEMS,
                "rules.undecidedContactsToLetThemBuy", "must be 1 to " + Limits.LIST_ITEMS);
        List<LeadSource> ordered = EnumSet.copyOf(sources.isEmpty() ? EnumSet.noneOf(LeadSource.class) : sources)
                .stream().toList();
        return new PipelineDefinition(cmd.key(), 0, cmd.name().trim(), ordered, stages, rules);
    }

    private static void positive(Duration d, String field) {
        require(!d.isNegative() && !d.isZero(), field, "must be a positive duration, e.g. PT24H");
        // a lead's deadlines are its business time plus these: far beyond 9999 they would not compute
        require(d.compareTo(Limits.LONGEST_RULE) <= 0, field, "must be at most " + Limits.LONGEST_RULE.toDays() + " days");
    }

    private static void require(boolean condition, String field, String message) {
        if (!condition) {
            throw new InvalidCommandException(field, message);
        }
    }
}
