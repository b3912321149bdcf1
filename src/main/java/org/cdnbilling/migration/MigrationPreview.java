package org.cdnbilling.migration;

import java.util.List;

/** The preview of migrating every other version of a process that has running instances to the target. */
public record MigrationPreview(String processKey, DefinitionView target, List<SourcePreview> sources) {
}
