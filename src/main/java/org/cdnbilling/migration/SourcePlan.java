package org.cdnbilling.migration;

import org.camunda.bpm.engine.migration.MigrationPlan;
import org.camunda.bpm.engine.repository.ProcessDefinition;

/** The plan of one source version: {@code plan} is null unless the preview is {@code valid}. */
record SourcePlan(ProcessDefinition definition, MigrationPlan plan, SourcePreview preview) {
}
