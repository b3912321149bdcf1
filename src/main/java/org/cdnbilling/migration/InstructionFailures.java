package org.cdnbilling.migration;

import java.util.List;

/** The failures Camunda's plan validation reports for the instruction of one source activity. */
public record InstructionFailures(String activityId, List<String> failures) {
}
