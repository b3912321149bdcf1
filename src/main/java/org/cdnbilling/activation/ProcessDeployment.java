package org.cdnbilling.activation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Deploys the diagrams of {@code processes/} when the engine is built, before the API serves calls. The
 * resource names are {@code processes/<file>} on every node, so a node deploys only what changed and
 * several nodes starting together deploy once (Camunda's deployment lock and duplicate filtering).
 */
@Component
class ProcessDeployment extends AbstractProcessEnginePlugin {

    static final String DEPLOYMENT_NAME = "cdn-billing-engine";

    private static final Logger log = LoggerFactory.getLogger(ProcessDeployment.class);

    @Override
    public void postProcessEngineBuild(ProcessEngine engine) {
        DeploymentBuilder deployment = engine.getRepositoryService().createDeployment()
                .name(DEPLOYMENT_NAME)
                .source("processes/")
                .enableDuplicateFiltering(true);
        try {
            for (Resource resource : new PathMatchingResourcePatternResolver().getResources("classpath:processes/*.bpmn")) {
                try (InputStream in = resource.getInputStream()) {
                    deployment.addInputStream("processes/" + resource.getFilename(), in);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the diagrams in processes/", e);
        }
        var deployed = deployment.deployWithResult();
        log.info("Process diagrams deployed: {} (deployment {})", deployment.getResourceNames(), deployed.getId());
    }
}
