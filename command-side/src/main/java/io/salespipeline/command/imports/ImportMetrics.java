package io.salespipeline.command.imports;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

import java.util.function.ToDoubleFunction;

/**
 * Progress of imports, read from the database at each scrape (so any instance reports every import):
 * <ul>
 * <li>{@code pipeline_import_running}: imports still recording;</li>
 * <li>{@code pipeline_import_percent}: the latest import's lines done, in percent;</li>
 * <li>{@code pipeline_import_events}: the events the latest import recorded;</li>
 * <li>{@code pipeline_import_events_per_second}: its pace (over the last ten seconds while it runs, over the whole
 *     import once it has ended);</li>
 * <li>{@code pipeline_import_eta_seconds}: the time it still needs at that pace (0 once completed).</li>
 * </ul>
 * NaN when the database does not answer or there is no such number yet.
 */
@Component
class ImportMetrics implements MeterBinder {

    private final ImportService imports;

    ImportMetrics(ImportService imports) {
        this.imports = imports;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("pipeline.import.running", this, m -> safe(() -> (double) imports.running()))
                .description("Imports of lead histories still recording").register(registry);
        latest(registry, "pipeline.import.percent", "The latest import's lines done, in percent", ImportService.Progress::percent);
        latest(registry, "pipeline.import.events", "Events recorded by the latest import", p -> p.events());
        latest(registry, "pipeline.import.events.per.second", "The latest import's pace in events per second",
                p -> p.eventsPerSecond() == null ? Double.NaN : p.eventsPerSecond());
        latest(registry, "pipeline.import.eta.seconds", "The time the latest import still needs at its pace",
                p -> p.etaSeconds() == null ? Double.NaN : p.etaSeconds());
    }

    private void latest(MeterRegistry registry, String name, String description, ToDoubleFunction<ImportService.Progress> value) {
        Gauge.builder(name, this, m -> safe(() -> m.imports.latest().map(value::applyAsDouble).orElse(Double.NaN)))
                .description(description).register(registry);
    }

    private static double safe(java.util.function.Supplier<Double> value) {
        try {
            return value.get();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

}
