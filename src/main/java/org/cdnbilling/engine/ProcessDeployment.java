package org.cdnbilling.engine;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.springframework.stereotype.Component;

/**
 * Deploys the diagrams this release ships when the engine is built, before the API serves calls, and resolves the
 * definitions this node starts ({@link ShippedProcesses}), and registers with the job executor the deployments whose
 * jobs this node runs, then applies the process versions the operator adopted ({@link ProcessVersions}); the job
 * executor starts after the engine is built. A diagram changed without a new versionTag
 * fails the start-up.
 */
@Component
class ProcessDeployment extends AbstractProcessEnginePlugin {

    private final ShippedProcesses shipped;
    private final ProcessVersions versions;

    ProcessDeployment(ShippedProcesses shipped, ProcessVersions versions) {
        this.shipped = shipped;
        this.versions = versions;
    }

    @Override
    public void postProcessEngineBuild(ProcessEngine engine) {
        shipped.deploy(engine);
        versions.apply(engine);
    }
}
