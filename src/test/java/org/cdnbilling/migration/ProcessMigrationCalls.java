package org.cdnbilling.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.cdnbilling.support.HttpTestClient;

/**
 * {@code /admin/process-migrations} called as the operator calls it (demo/demo): the preview, the migration, and
 * the wait for its batches as Cockpit's Batches page shows them ({@code GET /engine-rest/batch/statistics}).
 */
final class ProcessMigrationCalls {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration BATCH_WAIT = Duration.ofSeconds(90);

    private final HttpTestClient client;

    ProcessMigrationCalls(HttpTestClient client) {
        this.client = client;
    }

    /** {@code GET /admin/process-migrations?processKey=K&targetVersionTag=T}: the preview (200). */
    Map<String, Object> preview(String processKey, String targetVersionTag) {
        HttpTestClient.Reply reply = client.admin("GET", "/admin/process-migrations?processKey="
                + encode(processKey) + "&targetVersionTag=" + encode(targetVersionTag), null, "demo", "demo");
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(200);
        return reply.json();
    }

    /** {@code POST /admin/process-migrations} of every source with instances to the target (202). */
    Map<String, Object> migrate(String processKey, String targetVersionTag) {
        HttpTestClient.Reply reply = client.admin("POST", "/admin/process-migrations", "{\"processKey\":\""
                + processKey + "\",\"targetVersionTag\":\"" + targetVersionTag + "\"}", "demo", "demo");
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(202);
        return reply.json();
    }

    /**
     * {@code POST /admin/process-migrations} to the target of one source, the old definition with its instances,
     * and the wait for its batch.
     */
    @SuppressWarnings("unchecked")
    void migrateOneSource(String processKey, String targetVersionTag, String oldDefinition, int instances) {
        Map<String, Object> started = migrate(processKey, targetVersionTag);
        assertThat((List<Map<String, Object>>) started.get("migrations")).singleElement()
                .satisfies(migration -> assertThat(migration).containsEntry("sourceDefinitionId", oldDefinition)
                        .containsEntry("instances", instances));
        awaitBatches(started);
    }

    /**
     * Waits until each started batch has run all its jobs (or is gone), as its statistics on the engine REST API
     * show; fails at once if a batch job failed.
     */
    @SuppressWarnings("unchecked")
    void awaitBatches(Map<String, Object> started) {
        for (Map<String, Object> migration : (List<Map<String, Object>>) started.get("migrations")) {
            String batchId = (String) migration.get("batchId");
            if (batchId == null) {
                continue;
            }
            await().atMost(BATCH_WAIT).pollInterval(Duration.ofMillis(250)).until(() -> {
                List<Map<String, Object>> statistics = batchStatistics(batchId);
                if (statistics.isEmpty()) {
                    return true;
                }
                Map<String, Object> batch = statistics.get(0);
                assertThat(((Number) batch.get("failedJobs")).intValue()).as("failed jobs of batch %s", batchId)
                        .isZero();
                return ((Number) batch.get("remainingJobs")).intValue() == 0;
            });
        }
    }

    private List<Map<String, Object>> batchStatistics(String batchId) {
        HttpTestClient.Reply reply = client.admin("GET", "/engine-rest/batch/statistics?batchId=" + batchId, null,
                "demo", "demo");
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(200);
        try {
            return JSON.readValue(reply.raw().body(), new TypeReference<List<Map<String, Object>>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Asserts the preview of a migration to the target: the old definition is a valid source of one active
     * instance, waiting with one incident at the activity, which maps to the same activity, as every activity with
     * instances maps somewhere.
     */
    @SuppressWarnings("unchecked")
    static void assertOneIncidentAt(Map<String, Object> preview, ProcessDefinition target, String oldDefinition,
            String activityId) {
        assertThat((Map<String, Object>) preview.get("target")).containsEntry("definitionId", target.getId())
                .containsEntry("versionTag", target.getVersionTag());
        Map<String, Object> source = source(preview, oldDefinition);
        assertThat(source).containsEntry("instances", 1).containsEntry("suspendedInstances", 0)
                .containsEntry("valid", true);
        assertThat(activity(source, activityId)).containsEntry("instances", 1).containsEntry("incidents", 1)
                .containsEntry("mappedTo", activityId);
        assertThat(activities(source)).allSatisfy(a -> assertThat(a.get("mappedTo")).as("%s", a).isNotNull());
    }

    /** The preview's source of the definition, failing if there is none. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> source(Map<String, Object> preview, String definitionId) {
        return ((List<Map<String, Object>>) preview.get("sources")).stream()
                .filter(source -> definitionId.equals(source.get("definitionId"))).findFirst()
                .orElseThrow(() -> new AssertionError("no source " + definitionId + " in " + preview));
    }

    /** The source's statistics of the activity, failing if it has none. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> activity(Map<String, Object> source, String activityId) {
        return ((List<Map<String, Object>>) source.get("activities")).stream()
                .filter(activity -> activityId.equals(activity.get("activityId"))).findFirst()
                .orElseThrow(() -> new AssertionError("no activity " + activityId + " in " + source));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> activities(Map<String, Object> source) {
        return (List<Map<String, Object>>) source.get("activities");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
