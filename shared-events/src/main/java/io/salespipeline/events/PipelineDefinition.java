package io.salespipeline.events;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static io.salespipeline.events.Stage.*;

/**
 * One version of a pipeline: which canonical stages it uses (in process order) and what it calls them,
 * the lead sources it serves, and its rules. {@code default} uses every stage and serves every source no
 * other pipeline claims.
 */
public record PipelineDefinition(String key, int version, String name, List<LeadSource> sources,
                                 List<PipelineStage> stages, PipelineRules rules) {

    public static final String DEFAULT = "default";

    /** Stages a pipeline may leave out; every other stage is mandatory. */
    public static final Set<Stage> OPTIONAL_STAGES =
            Collections.unmodifiableSet(EnumSet.of(OFFER_PREPARATION, LET_THEM_BUY, AFTER_SALES));

    /** The trainer's names of the stages (the article in shared/seed), the labels of {@code default}. */
    public static final List<PipelineStage> TRAINERS_STAGES = List.of(
            new PipelineStage(INQUIRY_RECEIVED, "Zapytanie wpłynęło"),
            new PipelineStage(CONTACTED, "Skontaktowano się"),
            new PipelineStage(OFFER_PREPARATION, "Przygotowanie oferty"),
            new PipelineStage(OFFER_SENT, "Wysłanie oferty"),
            new PipelineStage(FOLLOW_UP, "2 kontakt (follow-up)"),
            new PipelineStage(LET_THEM_BUY, "Pozwalam kupić"),
            new PipelineStage(WON, "Wygrane"),
            new PipelineStage(AFTER_SALES, "Obsługa posprzedażowa"),
            new PipelineStage(LOST, "Przegrane"),
            new PipelineStage(DISQUALIFIED, "Dyskwalifikacja"));

    public PipelineDefinition {
        sources = sources == null ? List.of() : List.copyOf(sources);
        stages = stages == null ? List.of() : List.copyOf(stages);
    }

    public PipelineRef ref() {
        return new PipelineRef(key, version);
    }

    public boolean uses(Stage stage) {
        return stages.stream().anyMatch(s -> s.stage() == stage);
    }

    /** The stages this pipeline uses. */
    public Set<Stage> stageSet() {
        EnumSet<Stage> set = EnumSet.noneOf(Stage.class);
        stages.forEach(s -> set.add(s.stage()));
        return set;
    }

    /** The pipeline's name for {@code stage}, or the trainer's if it does not use it. */
    public String label(Stage stage) {
        return stages.stream().filter(s -> s.stage() == stage).map(PipelineStage::label).findFirst()
                .orElseGet(() -> trainersLabel(stage));
    }

    public static String trainersLabel(Stage stage) {
        return TRAINERS_STAGES.stream().filter(s -> s.stage() == stage).map(PipelineStage::label).findFirst()
                .orElse(stage.name());
    }

    /** The same definition apart from its version. */
    public boolean sameAs(PipelineDefinition other) {
        return other != null && key.equals(other.key) && name.equals(other.name) && sources.equals(other.sources)
                && stages.equals(other.stages) && rules.equals(other.rules);
    }
}
