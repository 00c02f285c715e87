package io.salespipeline.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salespipeline.platform.testing.Http;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventExportAndCsvTest extends StandaloneTest {

    @Test
    void theLogIsExportedAsNdjson_inGlobalOrder_fromAPosition() throws Exception {
        Http sales = Http.on(port).as("sales");
        String id = sales.post("/api/leads", """
                {"company": {"name": "Export"}, "contact": {"name": "E", "phone": "1"}, "source": "COLD_CALL"}""")
                .json().get("leadId").asText();
        sales.post("/api/leads/" + id + "/disqualification", "{\"reason\": \"ORDER_TOO_SMALL\"}");

        Http.Response all = Http.on(port).as("analyst").get("/api/events");
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.contentType()).startsWith("application/x-ndjson");
        List<JsonNode> lines = parse(all.body());
        assertThat(lines).isNotEmpty();
        List<Long> indexes = lines.stream().map(l -> l.get("globalIndex").asLong()).toList();
        assertThat(indexes).isSorted().doesNotHaveDuplicates();
        JsonNode disqualified = lines.stream().filter(l -> l.get("leadId").asText().equals(id)
                && l.get("type").asText().equals("LeadDisqualified")).findFirst().orElseThrow();
        assertThat(disqualified.get("payload").get("reason").asText()).isEqualTo("ORDER_TOO_SMALL");
        assertThat(disqualified.get("occurredAt").asText()).isNotBlank();
        assertThat(disqualified.get("recordedAt").asText()).isNotBlank();
        // the default pipeline's definition is in the log too, belonging to no lead
        JsonNode definition = lines.stream().filter(l -> l.get("type").asText().equals("PipelineDefined")).findFirst().orElseThrow();
        assertThat(definition.get("leadId").isNull()).isTrue();
        assertThat(definition.get("payload").get("key").asText()).isEqualTo("default");

        long second = indexes.get(0);
        List<JsonNode> page = parse(Http.on(port).as("analyst").get("/api/events?after=" + second + "&limit=1").body());
        assertThat(page).hasSize(1);
        assertThat(page.get(0).get("globalIndex").asLong()).isEqualTo(indexes.get(1));

        assertThat(Http.on(port).as("sales").get("/api/events").status()).isEqualTo(403);
        assertThat(Http.on(port).as("analyst").get("/api/events?limit=0").status()).isEqualTo(400);
    }

    @Test
    void everyAnalyticsEndpointAnswersCsv() {
        Http analyst = Http.on(port).as("analyst").header("Accept", "text/csv");
        for (String path : List.of("lost-reasons", "lost-reasons?groupBy=month", "time-in-stage", "funnel", "sla")) {
            Http.Response r = analyst.get("/api/analytics/" + path);
            assertThat(r.status()).as(path).isEqualTo(200);
            assertThat(r.contentType()).startsWith("text/csv");
            assertThat(r.body().lines().findFirst().orElseThrow()).contains(",");
        }
        assertThat(analyst.get("/api/analytics/time-in-stage").body())
                .startsWith("stage,visits,meanHours,medianHours,p90Hours,maxHours,openVisits,openMedianAgeHours\r\n");
    }

    @Test
    void analyticsAreRefusedToSalesReps_andValidateTheirWindow() {
        assertThat(Http.on(port).as("sales").get("/api/analytics/funnel").status()).isEqualTo(403);
        Http.Response r = Http.on(port).as("analyst").get("/api/analytics/funnel?from=2026-05-01T00:00:00Z&to=2026-04-01T00:00:00Z");
        assertThat(r.status()).isEqualTo(400);
        assertThat(Http.on(port).as("analyst").get("/api/analytics/sla?to=yesterday").status()).isEqualTo(400);
    }

    private static List<JsonNode> parse(String ndjson) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : ndjson.split("\n")) {
            if (!line.isBlank()) {
                lines.add(json.readTree(line));
            }
        }
        return lines;
    }
}
