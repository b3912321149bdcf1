package org.cdnbilling.engine;

import org.camunda.bpm.engine.ProcessEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Applies the process versions every {@code cdn.engine.process-versions-refresh} ({@link EngineSettings}): an
 * adoption or a withdrawal on another node takes effect here, and a version deployed from Camunda Modeler onto
 * this node is unregistered from its job executor again ({@link ProcessVersions}).
 */
@Component
class ProcessVersionsRefresh {

    private static final Logger log = LoggerFactory.getLogger(ProcessVersionsRefresh.class);

    private final ProcessVersions versions;
    private final ProcessEngine engine;

    ProcessVersionsRefresh(ProcessVersions versions, ProcessEngine engine) {
        this.versions = versions;
        this.engine = engine;
    }

    @Scheduled(fixedDelayString = "${cdn.engine.process-versions-refresh:PT10S}",
            initialDelayString = "${cdn.engine.process-versions-refresh:PT10S}")
    void refresh() {
        try {
            versions.apply(engine);
        } catch (RuntimeException e) {
            // the database may be away for a moment: the next refresh tries again, registrations stay as they are
            log.warn("Could not apply the adopted process versions: {}", e.toString());
        }
    }
}
