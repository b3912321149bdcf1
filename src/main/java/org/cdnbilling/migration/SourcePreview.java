package org.cdnbilling.migration;

import java.util.List;

/**
 * What a migration of one source version to the target would do: its running instances (suspended ones
 * included), per activity with instances what it is mapped to, Camunda's plan and its validation report.
 * {@code valid} is false when the plan has failures or an activity with instances is not mapped.
 */
public record SourcePreview(String definitionId, int version, String versionTag, long instances,
        long suspendedInstances, List<ActivityPreview> activities, List<InstructionView> instructions,
        boolean valid, List<InstructionFailures> validation) {
}
