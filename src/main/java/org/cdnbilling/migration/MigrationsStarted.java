package org.cdnbilling.migration;

import java.util.List;

/** What {@code POST /admin/process-migrations} started: one entry per source version with instances. */
public record MigrationsStarted(String processKey, DefinitionView target, List<StartedMigration> migrations) {
}
