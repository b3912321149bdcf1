package org.cdnbilling.migration;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The migration of one source version: {@code instances} in all; the active ones in the Camunda batch
 * {@code batchId} ({@code null} when none was active), the suspended ones migrated at once.
 */
public record StartedMigration(String sourceDefinitionId, int version, long instances,
        @JsonInclude(JsonInclude.Include.ALWAYS) String batchId, long suspendedInstancesMigrated) {
}
