package org.cdnbilling.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.junit.jupiter.api.Test;

/**
 * The history level a database records ({@code ACT_GE_PROPERTY.historyLevel}) follows the configuration between
 * {@code full} (3) and {@code full-lean} (30); the engine alone refuses either change, and any other change is
 * still refused.
 */
class LeanFullHistoryPluginTest {

    private final String url = "jdbc:h2:mem:lean-full-history-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

    @Test
    void aNewDatabaseGetsTheConfiguredLevel() throws SQLException {
        start(LeanFullHistoryLevel.NAME, "true", true);

        assertThat(recordedLevel()).isEqualTo("30");
    }

    @Test
    void theRecordedLevelFollowsTheConfigurationBetweenFullAndFullLean() throws SQLException {
        start("full", "true", false);
        assertThat(recordedLevel()).isEqualTo("3");

        assertThatThrownBy(() -> start(LeanFullHistoryLevel.NAME, "false", false)).as("the engine alone")
                .isInstanceOf(ProcessEngineException.class).hasMessageContaining("historyLevel mismatch");
        start(LeanFullHistoryLevel.NAME, "false", true);
        assertThat(recordedLevel()).isEqualTo("30");
        start("full", "false", true);
        assertThat(recordedLevel()).isEqualTo("3");
        start(LeanFullHistoryLevel.NAME, "false", true);
        assertThat(recordedLevel()).isEqualTo("30");
    }

    @Test
    void anyOtherChangeIsStillRefused() throws SQLException {
        start(LeanFullHistoryLevel.NAME, "true", true);

        assertThatThrownBy(() -> start("audit", "false", true)).isInstanceOf(ProcessEngineException.class)
                .hasMessageContaining("historyLevel mismatch");
        assertThat(recordedLevel()).isEqualTo("30");
    }

    /** Starts and closes an engine on the test's database. */
    private void start(String history, String schemaUpdate, boolean withPlugin) {
        StandaloneProcessEngineConfiguration configuration = new StandaloneProcessEngineConfiguration();
        configuration.setProcessEngineName("lean-full-history-plugin-test");
        configuration.setJdbcUrl(url);
        configuration.setDatabaseSchemaUpdate(schemaUpdate);
        configuration.setHistory(history);
        configuration.setJobExecutorActivate(false);
        List<ProcessEnginePlugin> plugins = new ArrayList<>();
        plugins.add(withPlugin ? new LeanFullHistoryPlugin() : new AbstractProcessEnginePlugin() {
            // the level is known, so that only the recorded level can make the engine refuse
            @Override
            public void preInit(ProcessEngineConfigurationImpl config) {
                config.setCustomHistoryLevels(new ArrayList<>(List.of(new LeanFullHistoryLevel())));
            }
        });
        configuration.setProcessEnginePlugins(plugins);
        configuration.buildProcessEngine().close();
    }

    private String recordedLevel() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
                Statement select = connection.createStatement();
                ResultSet row = select.executeQuery("select VALUE_ from ACT_GE_PROPERTY where NAME_ = 'historyLevel'")) {
            assertThat(row.next()).as("a recorded history level").isTrue();
            return row.getString(1);
        }
    }
}
