package org.cdnbilling.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.junit.jupiter.api.Test;

/**
 * A database that ran with Camunda's level {@code full} starts with {@code full-lean} and back again; the engine
 * itself would refuse either change.
 */
class LeanFullHistoryPluginTest {

    private static final String URL = "jdbc:h2:mem:lean-full-history-plugin-test;DB_CLOSE_DELAY=-1";

    @Test
    void switchesTheRecordedLevelBetweenFullAndFullLean() {
        historyLevelOfEngineStartedWith("full", "true", false);

        assertThatThrownBy(() -> historyLevelOfEngineStartedWith(LeanFullHistoryLevel.NAME, "false", false))
                .as("the engine alone").isInstanceOf(ProcessEngineException.class)
                .hasMessageContaining("historyLevel mismatch");
        assertThat(historyLevelOfEngineStartedWith(LeanFullHistoryLevel.NAME, "false", true))
                .isEqualTo(LeanFullHistoryLevel.ID);
        assertThat(historyLevelOfEngineStartedWith("full", "false", true)).isEqualTo(3);
        assertThat(historyLevelOfEngineStartedWith(LeanFullHistoryLevel.NAME, "false", true))
                .isEqualTo(LeanFullHistoryLevel.ID);
    }

    private static int historyLevelOfEngineStartedWith(String history, String schemaUpdate, boolean withPlugin) {
        StandaloneProcessEngineConfiguration configuration = new StandaloneProcessEngineConfiguration();
        configuration.setProcessEngineName("lean-full-history-plugin-test");
        configuration.setJdbcUrl(URL);
        configuration.setDatabaseSchemaUpdate(schemaUpdate);
        configuration.setHistory(history);
        configuration.setJobExecutorActivate(false);
        List<ProcessEnginePlugin> plugins = new ArrayList<>();
        if (withPlugin) {
            plugins.add(new LeanFullHistoryPlugin());
        } else {
            // the level must still be known, or the engine fails for another reason than the recorded level
            plugins.add(new AbstractProcessEnginePlugin() {
                @Override
                public void preInit(ProcessEngineConfigurationImpl config) {
                    config.setCustomHistoryLevels(new ArrayList<>(List.of(new LeanFullHistoryLevel())));
                }
            });
        }
        configuration.setProcessEnginePlugins(plugins);
        ProcessEngine engine = configuration.buildProcessEngine();
        try {
            return engine.getManagementService().getHistoryLevel();
        } finally {
            engine.close();
        }
    }
}
